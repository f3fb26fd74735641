// A map layer's answer, shared by the grid and road layers: the GeoJSON text with an ETag of what
// it was made from, so a browser that asks again while nothing changed gets 304 and keeps its copy.
#pragma once

#include <functional>
#include <string>

#include "http/message.hpp"

namespace ug::http {

Response map_layer(const Request& request, const std::string& made_from, const std::function<std::string()>& make);

}  // namespace ug::http
