// The photo routes: staff and signed-in citizens upload (multipart/form-data or a bare image body)
// and read photos of cases they may see; the public uploads without an account behind a per-address
// budget and sees only thumbnails and EXIF-free copies of the case its tracking code names.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "service/attachment_service.hpp"

namespace ug::http {

struct AttachmentHttpSettings {
  int utc_offset_minutes = 480;
  std::vector<std::string> trusted_proxies;
  int public_uploads_per_minute_per_address = 20;
  int public_reads_per_minute_per_address = 60;
};

void add_attachment_routes(Router& router, service::AttachmentService& attachments, AttachmentHttpSettings settings);

// An attachment as staff see it, with the links to its pictures.
boost::json::object attachment_json(const storage::AttachmentRecord& record, int utc_offset_minutes);
// The JSON Schemas of the two.
boost::json::value attachment_schema();
boost::json::value public_attachment_schema();
// An attachment of a case as the public sees it through `tracking_code`: links only.
boost::json::object public_attachment_json(const std::string& tracking_code, const std::string& id,
                                           const std::string& role);

}  // namespace ug::http
