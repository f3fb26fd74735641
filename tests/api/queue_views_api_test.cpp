// Issue 22 §4–5 through the real binary: a queue view exported as CSV and .xlsx with Chinese (or
// English) headers, contacts masked per role as the queue shows them, a formula typed by a citizen
// disarmed, the caller's scope kept, each export in the audit log; and saved views kept per user,
// each query read as a queue filter, another user's views out of reach.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/json_request.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

namespace json = boost::json;
using Header = std::pair<std::string, std::string>;

// 导出测试, percent-encoded: the word every case of this test carries.
constexpr const char* kMarker = "%E5%AF%BC%E5%87%BA%E6%B5%8B%E8%AF%95";

std::vector<std::string> lines_of(const std::string& csv) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < csv.size()) {
    const auto end = csv.find("\r\n", at);
    out.push_back(csv.substr(at, end - at));
    if (end == std::string::npos) break;
    at = end + 2;
  }
  return out;
}

class QueueViews : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(test::temp_dir("ug-queue-views"));
    db_ = new std::string((*dir_ / "c.db").string());
    const auto made =
        test::run_urbangrid({"demo", "create", "--db", *db_, "--data", (test::source_dir() / "data").string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    server_ = new test::ServerProcess(*db_);
    ASSERT_TRUE(server_->ready()) << server_->log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static int port() { return server_->port(); }
  static Header bearer(const std::string& name, const std::vector<std::string>& roles,
                       const std::vector<std::string>& scopes = {"*"}) {
    return test::bearer_for(*db_, name, roles, scopes);
  }
  static inline std::filesystem::path* dir_ = nullptr;
  static inline std::string* db_ = nullptr;
  static inline test::ServerProcess* server_ = nullptr;
};

TEST_F(QueueViews, AnExportHoldsTheShownColumnsMaskedPerRoleAndIsAudited) {
  const auto seat = bearer("qx-seat", {"operator"});
  const auto leader = bearer("qx-leader", {"leader"});
  const auto elsewhere = bearer("qx-elsewhere", {"leader"}, {"370812"});
  const auto admin = bearer("qx-admin", {"admin"});
  std::vector<std::string> ids;
  for (const auto* description : {"导出测试：井盖缺失", "=HYPERLINK(\"http://evil\") 导出测试"}) {
    const auto r = test::json_request(port(), "POST", "/api/v1/cases", {seat},
                                      json::serialize(json::object{{"description", description},
                                                                   {"lon", 116.5301},
                                                                   {"lat", 35.3706},
                                                                   {"reporter_name", "张三丰"},
                                                                   {"reporter_phone", "13812345678"}}));
    ASSERT_EQ(r.status, 201) << json::serialize(r.body);
    ids.emplace_back(r.body.at("id").as_string());
  }
  const std::string target = std::string("/api/v1/cases/export?queue=all&open=any&sort=number&q=") + kMarker +
                             "&columns=number,state,description,reporter,reporter_phone";

  // The seat may see contacts: in full. Newest first, as the queue sorts by number.
  const auto full = test::http_request(port(), "GET", target, {seat});
  ASSERT_TRUE(full);
  ASSERT_EQ(full->status, 200) << full->body;
  EXPECT_EQ(full->header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(full->header("content-disposition").find("attachment; filename=\"cases-"), std::string::npos);
  EXPECT_EQ(full->header("x-export-rows"), "2");
  auto rows = lines_of(full->body);
  ASSERT_EQ(rows.size(), 3u) << full->body;
  EXPECT_EQ(rows[0], "\xEF\xBB\xBF案件编号,状态,问题描述,上报人,联系电话");
  EXPECT_EQ(rows[1], ids[1] + ",待受理,\"'=HYPERLINK(\"\"http://evil\"\") 导出测试\",张三丰,13812345678");
  EXPECT_EQ(rows[2], ids[0] + ",待受理,导出测试：井盖缺失,张三丰,13812345678");

  // A leader may not: masked exactly as the queue answers it.
  const auto masked = test::http_request(port(), "GET", target, {leader});
  ASSERT_EQ(masked->status, 200);
  rows = lines_of(masked->body);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2], ids[0] + ",待受理,导出测试：井盖缺失,张**,138****5678");
  const auto listed = test::json_request(port(), "GET", std::string("/api/v1/cases?queue=all&q=") + kMarker, {leader});
  EXPECT_EQ(listed.body.at("cases").as_array()[1].at("reporter").at("phone").as_string(), "138****5678");

  // English headers and names when asked; out of scope, nothing but the header.
  const auto english = test::http_request(port(), "GET", target + "&lang=en", {seat});
  EXPECT_EQ(lines_of(english->body)[0],
            "\xEF\xBB\xBF"
            "Case number,State,Description,Reporter,Reporter's phone");
  EXPECT_EQ(lines_of(english->body)[2].substr(0, ids[0].size() + 9), ids[0] + ",Reported");
  const auto none = test::http_request(port(), "GET", target, {elsewhere});
  ASSERT_EQ(none->status, 200);
  EXPECT_EQ(lines_of(none->body).size(), 1u);
  EXPECT_EQ(none->header("x-export-rows"), "0");

  // A workbook: a zip with the sheet 案件.
  const auto book = test::http_request(port(), "GET", target + "&format=xlsx", {seat});
  ASSERT_EQ(book->status, 200);
  EXPECT_EQ(book->header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(book->body.substr(0, 2), "PK");
  EXPECT_NE(book->body.find("xl/worksheets/sheet1.xml"), std::string::npos);

  // Refused cheaply, naming what is wrong.
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"columns=number,password", "columns"}, {"format=pdf", "format"}, {"state=bogus", "state"}}) {
    const auto bad = test::json_request(port(), "GET", "/api/v1/cases/export?" + query, {seat});
    EXPECT_EQ(bad.status, 422) << query;
    EXPECT_EQ(bad.body.at("error").at("details").at("field").as_string(), field) << query;
  }

  EXPECT_EQ(test::json_request(port(), "GET", "/api/v1/cases/export?lang=fr", {seat}).status, 422);
  // Columns given as a list or repeated: the same export.
  const auto repeated = test::http_request(
      port(), "GET", std::string("/api/v1/cases/export?queue=all&q=") + kMarker + "&columns=number&columns=state",
      {seat});
  EXPECT_EQ(lines_of(repeated->body)[0], "\xEF\xBB\xBF案件编号,状态");

  // Every export is in the audit log: who, the filters, the columns and how many rows; a number
  // searched for keeps only its last four digits there, however the parameter is encoded.
  ASSERT_EQ(test::http_request(port(), "GET", "/api/v1/cases/export?queue=all&%71=1381234%35678", {seat})->status, 200);
  const auto audit = test::json_request(port(), "GET", "/api/v1/audit?action=case.export", {admin});
  ASSERT_EQ(audit.status, 200);
  const auto& entries = audit.body.at("entries").as_array();
  ASSERT_EQ(entries.size(), 7u) << json::serialize(
      audit.body);  // seat 5 (csv, en, xlsx, repeated, phone), leader, elsewhere
  const auto& phone = entries[0].at("summary");
  EXPECT_EQ(entries[0].at("actor").as_string(), "qx-seat");
  EXPECT_EQ(phone.at("filters").as_string(), "queue=all&q=*******5678");
  EXPECT_EQ(phone.at("rows").as_int64(), 2);
  EXPECT_EQ(json::serialize(entries[1].at("summary").at("columns")), R"(["number","state"])");
  EXPECT_EQ(entries[2].at("summary").at("format").as_string(), "xlsx");
  // Nor does the access log keep a number searched for, the export's or the queue's.
  ASSERT_EQ(test::http_request(port(), "GET", "/api/v1/cases?queue=all&q=13812345678", {seat})->status, 200);
  EXPECT_EQ(server_->log().find("13812345678"), std::string::npos);
  EXPECT_NE(server_->log().find("q=*******5678"), std::string::npos);
}

TEST_F(QueueViews, SavedViewsAreEachUsersOwnAndAlwaysReadable) {
  const auto seat = bearer("qv-seat", {"operator"});
  const auto other = bearer("qv-other", {"operator"});
  const std::string path = "/api/v1/me/views/%E7%83%AD%E7%BA%BF%E6%80%A5%E4%BB%B6";  // 热线急件
  const auto body = json::serialize(json::object{{"query", "queue=all&channel=hotline_12345&urgency=urgent,critical"}});

  auto r = test::json_request(port(), "PUT", path, {seat}, body);
  ASSERT_EQ(r.status, 201) << json::serialize(r.body);
  EXPECT_EQ(r.body.at("name").as_string(), "热线急件");
  r = test::json_request(port(), "PUT", path, {seat},
                         json::serialize(json::object{{"query", "queue=all&urgency=critical"}}));
  EXPECT_EQ(r.status, 200);  // the same name replaces its filters
  EXPECT_EQ(r.body.at("query").as_string(), "queue=all&urgency=critical");

  r = test::json_request(port(), "GET", "/api/v1/me/views", {seat});
  ASSERT_EQ(r.body.at("views").as_array().size(), 1u);
  EXPECT_EQ(r.body.at("views").as_array()[0].at("query").as_string(), "queue=all&urgency=critical");
  // Another user sees none of it and cannot delete it.
  r = test::json_request(port(), "GET", "/api/v1/me/views", {other});
  EXPECT_TRUE(r.body.at("views").as_array().empty());
  EXPECT_EQ(test::json_request(port(), "DELETE", path, {other}).status, 404);

  // A query the queue would refuse is not kept; nor an empty or overlong name.
  r = test::json_request(port(), "PUT", path, {seat},
                         json::serialize(json::object{{"query", "queue=all&sort=sideways"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body.at("error").at("details").at("field").as_string(), "query");
  EXPECT_NE(std::string(r.body.at("error").at("message").as_string()).find("sort"), std::string::npos);
  EXPECT_EQ(test::json_request(port(), "PUT", "/api/v1/me/views/" + std::string(81, 'x'), {seat}, body).status, 422);
  EXPECT_EQ(test::json_request(port(), "PUT", "/api/v1/me/views/a%0Ab", {seat}, body).status, 422);
  // Names nobody could read back or type again: not UTF-8, blank, or turned around by direction marks.
  for (const auto* unreadable : {"%FF%FE", "%C0%AF", "%20%20", "%E2%80%AEevil", "a%E2%81%A6b"}) {
    EXPECT_EQ(test::json_request(port(), "PUT", std::string("/api/v1/me/views/") + unreadable, {seat}, body).status,
              422)
        << unreadable;
  }

  // At most 30 views each.
  for (int i = 1; i < 30; ++i) {
    ASSERT_EQ(test::json_request(port(), "PUT", "/api/v1/me/views/v" + std::to_string(i), {seat}, body).status, 201);
  }
  r = test::json_request(port(), "PUT", "/api/v1/me/views/one-more", {seat}, body);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(test::json_request(port(), "PUT", path, {seat}, body).status, 200);  // replacing still works

  EXPECT_EQ(test::json_request(port(), "DELETE", path, {seat}).status, 204);
  EXPECT_EQ(test::json_request(port(), "DELETE", path, {seat}).status, 404);
  r = test::json_request(port(), "GET", "/api/v1/me/views", {seat});
  EXPECT_EQ(r.body.at("views").as_array().size(), 29u);
}

}  // namespace
}  // namespace ug
