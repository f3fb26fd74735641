// Handlers of the photo routes: the upload's bytes out of the request, AttachmentService, pictures
// back with their type, an ETag and a long private cache (a stored photo never changes).
#include "http/attachment_routes.hpp"

#include <boost/json/parse.hpp>
#include <memory>
#include <string>
#include <variant>

#include "core/text.hpp"
#include "http/account_routes.hpp"
#include "http/json.hpp"
#include "http/multipart.hpp"
#include "http/rate_limiter.hpp"
#include "service/case_service.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

// The multipart envelope of a 10 MiB photo is a few hundred bytes; this leaves room for it.
constexpr std::size_t kEnvelopeAllowance = 64 * 1024;

const char* kAttachmentSchema = R"json({"type": "object",
  "required": ["id", "media_type", "size_bytes", "width", "height", "gps", "content_url", "thumbnail_url"],
  "properties": {"id": {"type": "string"}, "media_type": {"enum": ["image/jpeg", "image/png", "image/webp"]},
    "size_bytes": {"type": "integer"}, "width": {"type": "integer"}, "height": {"type": "integer"},
    "gps": {"type": ["object", "null"], "description": "照片 EXIF 中的拍摄位置，可用于建议上报位置",
      "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}},
    "uploader": {"type": "string"}, "created_at": {"type": "string"},
    "case_id": {"type": ["string", "null"]}, "role": {"enum": ["before", "after", null]},
    "content_url": {"type": "string"}, "thumbnail_url": {"type": "string"}}})json";

// What the public learns of its own upload: the id and the place its photo suggests.
const char* kPublicUploadSchema = R"json({"type": "object", "required": ["id", "media_type", "width", "height", "gps"],
  "properties": {"id": {"type": "string"}, "media_type": {"enum": ["image/jpeg", "image/png", "image/webp"]},
    "width": {"type": "integer"}, "height": {"type": "integer"},
    "gps": {"type": ["object", "null"], "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}}}})json";

const char* kUploadDescription =
    "multipart/form-data，文件放在 file 字段；也可直接以 image/jpeg、image/png 或 image/webp 作为请求体。"
    "类型按文件内容判断，声明的类型和文件名不作数。返回的 id 填入上报或操作的 attachments。"
    "像素数与文件大小不相称的图片（解压炸弹）在解码前即被拒绝（422）；图片在专用的解码线程上处理，"
    "排队已满时返回 503 与 Retry-After。";

// The photo's bytes: the `file` part of a multipart body, or the whole body sent as an image type.
Result<std::string_view> upload_bytes(const Request& request) {
  const auto content_type = request.header("content-type").value_or("");
  const auto type = ascii_lower(trim_blanks(content_type.substr(0, content_type.find(';'))));
  if (type == "image/jpeg" || type == "image/png" || type == "image/webp") return std::string_view(request.body);
  UG_TRY_ASSIGN(auto boundary, multipart_boundary(content_type));
  UG_TRY_ASSIGN(auto parts, parse_multipart(request.body, boundary));
  const MultipartPart* file = nullptr;
  for (const auto& part : parts) {
    if (part.name != "file") continue;
    if (file != nullptr) {
      return tl::unexpected(invalid("file", "attachment_api.file_repeated"));
    }
    file = &part;
  }
  if (file == nullptr || file->body.empty()) {
    return tl::unexpected(invalid("file", "attachment_api.file_missing"));
  }
  return file->body;
}

Response picture_response(const Request& request, service::AttachmentContent content) {
  Response response;
  response.set_header("etag", content.etag);
  response.set_header("cache-control", "private, max-age=31536000, immutable");
  response.set_header("x-content-type-options", "nosniff");
  if (const auto match = request.header("if-none-match"); match && *match == content.etag) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("content-type", content.media_type);
  response.body = std::move(content.bytes);
  return response;
}

Result<service::AttachmentVariant> variant_param(const Request& request, std::string_view fallback) {
  const auto text = request.query_param("variant").value_or(std::string(fallback));
  const auto variant = service::parse_attachment_variant(text);
  if (!variant) {
    return tl::unexpected(invalid("variant", "attachment_api.variant_invalid"));
  }
  return *variant;
}

json::value picture_schema() { return json::object{{"type", "string"}, {"format", "binary"}}; }

Response created(const storage::AttachmentRecord& record, int offset) {
  auto response = json_response(201, attachment_json(record, offset));
  response.set_header("location", "/api/v1/attachments/" + record.id);
  return response;
}

RouteDoc upload_doc(std::string summary, std::string tag, std::size_t body_limit) {
  RouteDoc doc;
  doc.summary = std::move(summary);
  doc.description = kUploadDescription;
  doc.tag = std::move(tag);
  doc.request_schema = json::parse(R"json({"type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}}})json");
  doc.responses = {{201, "已保存的照片", "application/json", json::parse(kAttachmentSchema)}};
  for (auto& e : error_responses({{400, "multipart 格式错误"},
                                  {413, "文件超过大小上限"},
                                  {415, "不是 JPEG、PNG 或 WebP"},
                                  {422, "图片损坏、像素过多、文件大小与像素不相称（解压炸弹）或缺少 file 字段"}})) {
    doc.responses.push_back(e);
  }
  doc.body_limit = body_limit;
  return doc;
}

}  // namespace

json::object attachment_json(const storage::AttachmentRecord& a, int utc_offset_minutes) {
  json::value gps = nullptr;
  if (a.gps_lon_nano && a.gps_lat_nano) {
    const auto degrees = geo::to_degrees({*a.gps_lon_nano, *a.gps_lat_nano});
    gps = json::object{{"lon", degrees.lon}, {"lat", degrees.lat}};
  }
  const auto base = "/api/v1/attachments/" + a.id;
  return json::object{{"id", a.id},
                      {"media_type", a.media_type},
                      {"size_bytes", a.size_bytes},
                      {"width", a.width},
                      {"height", a.height},
                      {"gps", std::move(gps)},
                      {"uploader", a.uploader},
                      {"created_at", calendar::format_iso8601(a.created_at_ms / 1000, utc_offset_minutes)},
                      {"case_id", a.case_id.empty() ? json::value() : json::value(a.case_id)},
                      {"role", a.role.empty() ? json::value() : json::value(a.role)},
                      {"content_url", base + "/content"},
                      {"thumbnail_url", base + "/content?variant=thumbnail"}};
}

json::value attachment_schema() { return json::parse(kAttachmentSchema); }

json::value public_attachment_schema() {
  return json::parse(R"json({"type": "object", "required": ["id", "role", "url", "thumbnail_url"],
    "properties": {"id": {"type": "string"}, "role": {"type": "string"}, "url": {"type": "string"},
      "thumbnail_url": {"type": "string"}}})json");
}

json::object public_attachment_json(const std::string& tracking_code, const std::string& id, const std::string& role) {
  const auto base = "/api/v1/public/cases/" + tracking_code + "/attachments/" + id;
  return json::object{
      {"id", id}, {"role", role}, {"url", base + "?variant=public"}, {"thumbnail_url", base + "?variant=thumbnail"}};
}

void add_attachment_routes(Router& router, service::AttachmentService& attachments, AttachmentHttpSettings settings) {
  const int offset = settings.utc_offset_minutes;
  const auto trusted = settings.trusted_proxies;
  const auto body_limit = attachments.settings().max_bytes + kEnvelopeAllowance;

  auto staff_upload = upload_doc("上传照片（上报前、处置后）", "attachments", body_limit);
  staff_upload.access = RouteAccess::needs(access::Permission::upload_attachment);
  router.add(
      Method::post, "/api/v1/attachments", Execution::worker_pool,
      [&attachments, offset](Request& request) {
        auto bytes = upload_bytes(request);
        if (!bytes) return error_response(bytes.error(), request);
        auto record = attachments.upload(*request.principal, *bytes);
        if (!record) return error_response(record.error(), request);
        return created(*record, offset);
      },
      std::move(staff_upload));

  const ParameterDoc id_param{"id", "path", true, "照片编号", json::object{{"type", "string"}}};
  const ParameterDoc variant_doc{"variant", "query", false,
                                 "original（原图，含 EXIF）、thumbnail（缩略图）或 public（去除 EXIF 的公开图）",
                                 json::object{{"enum", json::array{"original", "thumbnail", "public"}}}};
  RouteDoc describe_doc;
  describe_doc.summary = "照片信息：尺寸、拍摄位置、所属案件和角色";
  describe_doc.description = "未用于案件时仅上传者可见，之后随案件的可见范围。";
  describe_doc.tag = "attachments";
  describe_doc.parameters = {id_param};
  describe_doc.responses = {{200, "照片信息", "application/json", json::parse(kAttachmentSchema)}};
  for (auto& e : error_responses({{404, "没有这张照片，或不在你的范围内"}})) describe_doc.responses.push_back(e);
  describe_doc.access = RouteAccess::signed_in();
  router.add(
      Method::get, "/api/v1/attachments/{id}", Execution::worker_pool,
      [&attachments, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto record, attachments.describe(*request.principal, *request.path_param("id")));
        return json_response(200, attachment_json(record, offset));
      },
      std::move(describe_doc));

  RouteDoc content_doc;
  content_doc.summary = "照片内容：原图、缩略图或公开图";
  content_doc.tag = "attachments";
  content_doc.parameters = {id_param, variant_doc};
  content_doc.responses = {{200, "图片", "image/*", picture_schema()}, {304, "未变化（If-None-Match）", "", nullptr}};
  for (auto& e : error_responses({{404, "没有这张照片，或不在你的范围内"}, {422, "variant 无效"}})) {
    content_doc.responses.push_back(e);
  }
  content_doc.access = RouteAccess::signed_in();
  router.add(
      Method::get, "/api/v1/attachments/{id}/content", Execution::worker_pool,
      [&attachments](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto variant, variant_param(request, "original"));
        UG_TRY_ASSIGN(auto content, attachments.content(*request.principal, *request.path_param("id"), variant));
        return picture_response(request, std::move(content));
      },
      std::move(content_doc));

  // Public: no account, a budget per address.
  auto upload_budget = std::make_shared<RateLimiter>(settings.public_uploads_per_minute_per_address,
                                                     settings.public_uploads_per_minute_per_address);
  auto read_budget = std::make_shared<RateLimiter>(settings.public_reads_per_minute_per_address,
                                                   settings.public_reads_per_minute_per_address);
  auto public_upload = upload_doc("公众上传照片（随手拍），无需账号", "public", body_limit);
  public_upload.description += " 按来源地址限流（429 与 Retry-After）。";
  public_upload.responses.front().schema = json::parse(kPublicUploadSchema);
  for (auto& e : error_responses({{429, "过于频繁"}})) public_upload.responses.push_back(e);
  router.add(
      Method::post, "/api/v1/public/attachments", Execution::worker_pool,
      [&attachments, offset, trusted, upload_budget](Request& request) {
        const auto address = client_address(request, trusted);
        if (auto refused = over_budget(*upload_budget, address, request)) return std::move(*refused);
        auto bytes = upload_bytes(request);
        if (!bytes) return error_response(bytes.error(), request);
        auto record = attachments.upload(service::CaseService::public_reporter(address), *bytes);
        if (!record) return error_response(record.error(), request);
        // The public learns the id and the place its photo suggests, nothing about others.
        auto response = json_response(201, json::object{{"id", record->id},
                                                        {"media_type", record->media_type},
                                                        {"width", record->width},
                                                        {"height", record->height},
                                                        {"gps", attachment_json(*record, offset).at("gps")}});
        return response;
      },
      std::move(public_upload));

  RouteDoc public_content_doc;
  public_content_doc.summary = "按查询码查看案件照片（缩略图或去除 EXIF 的公开图）";
  public_content_doc.tag = "public";
  public_content_doc.parameters = {{"tracking_code", "path", true, "查询码", json::object{{"type", "string"}}},
                                   id_param,
                                   {"variant", "query", false, "thumbnail 或 public（默认）",
                                    json::object{{"enum", json::array{"thumbnail", "public"}}}}};
  public_content_doc.responses = {{200, "图片", "image/*", picture_schema()}};
  for (auto& e : error_responses({{404, "没有这个查询码或照片"}, {422, "variant 无效"}, {429, "过于频繁"}})) {
    public_content_doc.responses.push_back(e);
  }
  router.add(
      Method::get, "/api/v1/public/cases/{tracking_code}/attachments/{id}", Execution::worker_pool,
      [&attachments, trusted, read_budget](Request& request) {
        const auto address = client_address(request, trusted);
        if (auto refused = over_budget(*read_budget, address, request)) return std::move(*refused);
        auto variant = variant_param(request, "public");
        if (!variant) return error_response(variant.error(), request);
        auto content =
            attachments.public_content(*request.path_param("tracking_code"), *request.path_param("id"), *variant);
        if (!content) return error_response(content.error(), request);
        return picture_response(request, std::move(*content));
      },
      std::move(public_content_doc));
}

}  // namespace ug::http
