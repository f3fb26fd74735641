// Handlers of the saved views: the caller's own views only (the path names no user), each query
// read as a queue filter before it is kept, so a saved view always opens.
#include "http/saved_view_routes.hpp"

#include <boost/json/parse.hpp>

#include "http/body_shape.hpp"
#include "http/case_filter.hpp"
#include "http/json.hpp"
#include "service/calendar_service.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

struct ViewBody {
  std::string query;
};

const BodyShape<ViewBody>& view_shape() {
  static const BodyShape<ViewBody> shape{
      field("query", &ViewBody::query,
            {.zh = "队列的筛选条件（查询串，如 queue=all&channel=hotline）",
             .en = "The queue's filters (a query string such as queue=all&channel=hotline)",
             .max_bytes = service::SavedViewLimits::query_bytes}),
  };
  return shape;
}

const char* kViewSchema = R"json({"type": "object", "required": ["name", "query", "created_at", "updated_at"],
  "properties": {"name": {"type": "string"}, "query": {"type": "string"}, "created_at": {"type": "string"},
  "updated_at": {"type": "string"}}})json";

json::object view_json(const storage::SavedViewRecord& v, int offset) {
  return json::object{{"name", v.name},
                      {"query", v.query},
                      {"created_at", calendar::format_iso8601(v.created_at / 1000, offset)},
                      {"updated_at", calendar::format_iso8601(v.updated_at / 1000, offset)}};
}

RouteDoc doc(std::string summary, std::vector<ResponseDoc> responses, json::value request_schema = nullptr) {
  RouteDoc d;
  d.summary = std::move(summary);
  d.tag = "cases";
  d.access = RouteAccess::needs(access::Permission::view_case);
  d.responses = std::move(responses);
  d.request_schema = std::move(request_schema);
  return d;
}

}  // namespace

void add_saved_view_routes(Router& router, service::SavedViewService& views, int offset) {
  router.add(
      Method::get, "/api/v1/me/views", Execution::worker_pool,
      [&views, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto all, views.views(*request.principal));
        json::array list;
        for (const auto& v : all) list.push_back(view_json(v, offset));
        auto response = json_response(200, json::object{{"views", std::move(list)}});
        response.set_header("cache-control", "no-store");
        return response;
      },
      doc("我保存的视图（队列筛选条件），按保存先后",
          {{200, "视图", "application/json",
            json::object{
                {"type", "object"},
                {"required", json::array{"views"}},
                {"properties",
                 json::object{{"views", json::object{{"type", "array"}, {"items", json::parse(kViewSchema)}}}}}}}}));

  const ParameterDoc name_param{"name", "path", true, "视图名称", json::object{{"type", "string"}}};
  auto put_doc = doc("保存视图：同名的替换其筛选条件",
                     {{201, "新视图", "application/json", json::parse(kViewSchema)},
                      {200, "已替换", "application/json", json::parse(kViewSchema)}},
                     view_shape().schema());
  put_doc.parameters = {name_param};
  for (auto& e : error_responses({{409, "视图已达上限"}, {422, "名称或筛选条件无效"}})) put_doc.responses.push_back(e);
  router.add(
      Method::put, "/api/v1/me/views/{name}", Execution::worker_pool,
      [&views, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto body, view_shape().parse(request));
        const auto query = body.query.starts_with('?') ? body.query.substr(1) : body.query;
        if (auto readable = case_filter_of_query(query, offset); !readable) {
          return fail(invalid("query", "saved_view.query_unreadable")
                          .with("reason", readable.error().public_message(request.language())));
        }
        const auto& name = *request.path_param("name");
        UG_TRY_ASSIGN(auto created, views.save(*request.principal, name, query));
        UG_TRY_ASSIGN(auto all, views.views(*request.principal));
        for (const auto& v : all) {
          if (v.name == name) return json_response(created ? 201 : 200, view_json(v, offset));
        }
        return fail(ErrorCode::internal, "saved_view.not_found");
      },
      std::move(put_doc));

  auto delete_doc = doc("删除视图", {{204, "已删除", "", nullptr}});
  delete_doc.parameters = {name_param};
  for (auto& e : error_responses({{404, "没有这个视图"}})) delete_doc.responses.push_back(e);
  router.add(
      Method::delete_, "/api/v1/me/views/{name}", Execution::worker_pool,
      [&views](Request& request) -> Result<Response> {
        UG_TRY(views.remove(*request.principal, *request.path_param("name")));
        Response response;
        response.status = 204;
        return response;
      },
      std::move(delete_doc));
}

}  // namespace ug::http
