// Handlers of the category directory: searching it, adding local categories and changing a
// category's settings (enabled, synonyms, register and close conditions).
#include "http/category_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "http/body_shape.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

json::object category_json(const catalog::Category& c) {
  json::array synonyms;
  for (const auto& s : c.synonyms) synonyms.emplace_back(s);
  return json::object{{"kind", catalog::to_string(c.kind)},
                      {"code", c.code},
                      {"major_code", c.major_code},
                      {"major_name", c.major_name},
                      {"name", c.name},
                      {"standard", c.standard},
                      {"enabled", c.enabled},
                      {"synonyms", std::move(synonyms)},
                      {"register_condition", c.register_condition},
                      {"close_condition", c.close_condition}};
}

const char* const kCategorySchema = R"json({"type": "object", "properties": {
  "kind": {"type": "string"}, "code": {"type": "string"}, "major_code": {"type": "string"},
  "major_name": {"type": "string"}, "name": {"type": "string"}, "standard": {"type": "boolean"},
  "enabled": {"type": "boolean"}, "synonyms": {"type": "array", "items": {"type": "string"}},
  "register_condition": {"type": "string"}, "close_condition": {"type": "string"}}})json";

Result<catalog::CategoryKind> kind_field(const std::string& text) {
  const auto kind = catalog::parse_category_kind(text);
  if (!kind) {
    return fail(invalid("kind", "category_api.kind_invalid"));
  }
  return *kind;
}

std::vector<std::pair<std::string, catalog::CategoryKind>> kind_names() {
  return {{std::string(catalog::to_string(catalog::CategoryKind::component)), catalog::CategoryKind::component},
          {std::string(catalog::to_string(catalog::CategoryKind::matter)), catalog::CategoryKind::matter}};
}

const BodyShape<catalog::Category>& new_category_shape() {
  using C = catalog::Category;
  static const BodyShape<C> shape{
      field("kind", &C::kind,
            {.zh = "component（部件）或 matter（事项）",
             .en = "component or matter",
             .required = true,
             .invalid = "category_api.kind_invalid"},
            choice(kind_names())),
      field("code", &C::code,
            {.zh = "5 位代码：国家标准大类加 900–999 的小类",
             .en = "Five digits: a national major class and 900–999",
             .required = true}),
      field("name", &C::name, {.zh = "名称", .en = "Name", .required = true}),
      field("synonyms", &C::synonyms, {.zh = "同义词（检索用）", .en = "Synonyms (for searching)"}),
      field("register_condition", &C::register_condition, {.zh = "立案条件", .en = "Register condition"}),
      field("close_condition", &C::close_condition, {.zh = "结案条件", .en = "Close condition"}),
  };
  return shape;
}

// Only the fields given change.
const BodyShape<service::CategorySettings>& category_settings_shape() {
  using S = service::CategorySettings;
  static const BodyShape<S> shape{
      field("enabled", &S::enabled, {.zh = "启用或停用", .en = "Enabled"}),
      field("synonyms", &S::synonyms, {.zh = "同义词（检索用）", .en = "Synonyms (for searching)"}),
      field("register_condition", &S::register_condition, {.zh = "立案条件", .en = "Register condition"}),
      field("close_condition", &S::close_condition, {.zh = "结案条件", .en = "Close condition"}),
  };
  return shape;
}

void add_category_change_routes(Router& router, service::CategoryService& categories) {
  RouteDoc add_doc;
  add_doc.summary = "新增本地扩展类别（小类 900–999，大类须为国家标准大类）";
  add_doc.tag = "catalog";
  add_doc.access = RouteAccess::needs(access::Permission::manage_categories);
  add_doc.request_schema = new_category_shape().schema();
  add_doc.responses = {{201, "已新增", "application/json", json::parse(kCategorySchema)}};
  for (auto& e : error_responses({{409, "该类别已存在"}, {422, "代码、名称或大类无效"}}))
    add_doc.responses.push_back(e);
  router.add(
      Method::post, "/api/v1/categories", Execution::worker_pool,
      [&categories](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto category, new_category_shape().parse(request));
        UG_TRY_ASSIGN(auto added, categories.add_local(*request.principal, std::move(category)));
        return json_response(201, category_json(added));
      },
      std::move(add_doc));

  RouteDoc patch_doc;
  patch_doc.summary = "修改类别的设置：启用或停用、同义词、立案条件、结案条件（国家标准类别也可）";
  patch_doc.description = "只改请求中给出的字段。停用的类别不能用于新案件，已有案件不受影响。";
  patch_doc.tag = "catalog";
  patch_doc.access = RouteAccess::needs(access::Permission::manage_categories);
  patch_doc.parameters = {
      {"kind", "path", true, "component 或 matter", json::object{{"enum", json::array{"component", "matter"}}}},
      {"code", "path", true, "5 位类别代码", json::object{{"type", "string"}}}};
  patch_doc.request_schema = category_settings_shape().schema();
  patch_doc.responses = {{200, "修改后的类别", "application/json", json::parse(kCategorySchema)}};
  for (auto& e : error_responses({{404, "没有这个类别"}, {422, "字段无效"}})) patch_doc.responses.push_back(e);
  router.add(
      Method::patch, "/api/v1/categories/{kind}/{code}", Execution::worker_pool,
      [&categories](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto kind, kind_field(*request.path_param("kind")));
        UG_TRY_ASSIGN(const auto settings, category_settings_shape().parse(request));
        UG_TRY_ASSIGN(auto updated, categories.update(*request.principal, kind, *request.path_param("code"), settings));
        return json_response(200, category_json(updated));
      },
      std::move(patch_doc));
}

}  // namespace

void add_category_routes(Router& router, service::CategoryService& categories) {
  RouteDoc doc;
  doc.summary = "部件、事项类别目录（GB/T 47678.5-2026 及本地扩展），可按代码、名称、同义词检索";
  doc.tag = "catalog";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {
      {"kind", "query", false, "component（部件）或 matter（事项）",
       json::object{{"type", "string"}, {"enum", json::array{"component", "matter"}}}},
      {"q", "query", false, "代码前缀，或名称、大类名称、同义词中的文字", json::object{{"type", "string"}}},
      {"include_disabled", "query", false, "true：包括已停用的类别", json::object{{"type", "boolean"}}}};
  doc.responses = {{200, "匹配的类别，按类型和代码排序", "application/json", json::parse(R"json({
    "type": "object", "required": ["categories"],
    "properties": {"categories": {"type": "array", "items": {"type": "object", "properties": {
      "kind": {"type": "string"}, "code": {"type": "string"}, "major_code": {"type": "string"},
      "major_name": {"type": "string"}, "name": {"type": "string"}, "standard": {"type": "boolean"},
      "enabled": {"type": "boolean"}, "synonyms": {"type": "array", "items": {"type": "string"}},
      "register_condition": {"type": "string"}, "close_condition": {"type": "string"}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/categories", Execution::worker_pool,
      [&categories](Request& request) -> Result<Response> {
        service::CategoryQuery query;
        if (const auto kind = request.query_param("kind"); kind && !kind->empty()) {
          UG_TRY_ASSIGN(const auto parsed, kind_field(*kind));
          query.kind = parsed;
        }
        query.text = request.query_param("q").value_or("");
        UG_TRY_ASSIGN(const auto include_disabled, boolean_query_param(request, "include_disabled", false));
        query.include_disabled = include_disabled;
        UG_TRY_ASSIGN(auto found, categories.list(query));
        json::array out;
        out.reserve(found.size());
        for (const auto& c : found) out.push_back(category_json(c));
        return json_response(200, json::object{{"categories", std::move(out)}});
      },
      std::move(doc));
  add_category_change_routes(router, categories);
}

}  // namespace ug::http
