// The one place that picks a storage backend from database.url.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "storage/database.hpp"

namespace ug::app {

enum class OpenMode { create_if_missing, must_exist };

Result<std::unique_ptr<storage::Database>> open_database(const Config::Database& config,
                                                         OpenMode mode = OpenMode::create_if_missing);

}  // namespace ug::app
