// The case routes through the real server on the demo city: a public report followed by tracking
// code to its rating, each step taken over HTTP by a token of the right role; Idempotency-Key
// replays; 409 with state/version/allowed_actions; malformed bodies answered 4xx with nothing
// written; the public routes' rate limit; and `urbangrid cases rebuild` finding a row tampered
// with behind the service's back, then repairing it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "support/http_client.hpp"
#include "support/photo_fixtures.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

namespace json = boost::json;
using Header = std::pair<std::string, std::string>;

struct Reply {
  int status = 0;
  json::value body;
  bool replayed = false;
  std::string text;  // the body as sent
};

class CaseApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = test::temp_dir("ug-case-api");
    db_ = new std::string((dir / "c.db").string());
    ASSERT_EQ(test::run_urbangrid({"demo", "create", "--db", *db_, "--data", (test::source_dir() / "data").string()})
                  .exit_code,
              0);
    // The city requires a comment to resume a suspended case, which the workflow table does not.
    server_ = new test::ServerProcess(*db_, {"--set", "cases.public_reports_per_minute_per_address=4", "--set",
                                             "cases.required_fields=resume:comment"});
    ASSERT_TRUE(server_->ready()) << server_->log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
  }

  static Header token(const std::string& role, const std::string& scope = "370811",
                      const std::string& department = "") {
    const auto name = role + "-" + scope + department;
    if (!tokens_.contains(name)) {
      std::vector<std::string> scopes = {scope};
      tokens_[name] = test::bearer_for(*db_, name, {role}, scopes, department);
    }
    return tokens_[name];
  }

  static Reply send(const std::string& method, const std::string& target, const std::vector<Header>& auth,
                    const std::string& body = {}) {
    auto headers = auth;
    if (!body.empty()) headers.emplace_back("content-type", "application/json");
    const auto r = test::http_request(server_->port(), method, target, headers, body);
    EXPECT_TRUE(r);
    if (!r) return {};
    Reply out{r->status, nullptr, false, r->body};
    std::error_code ec;
    out.body = json::parse(r->body, ec);
    out.replayed = r->header("idempotent-replayed") == "true";
    return out;
  }

  static Reply act(const Header& who, const std::string& id, const std::string& action, json::object fields = {}) {
    const auto current = send("GET", "/api/v1/cases/" + id, {token("shift_leader")});
    fields["version"] = current.body.at("version");
    return send("POST", "/api/v1/cases/" + id + "/actions/" + action, {who}, json::serialize(fields));
  }

  // A photo uploaded by `who`; its id goes into a report's or an action's attachments.
  static std::string photo(const Header& who) {
    const auto upload = test::multipart_upload(test::picture(media::ImageType::jpeg, 64, 48));
    const auto r = test::http_request(server_->port(), "POST", "/api/v1/attachments",
                                      {who, {"content-type", upload.content_type}}, upload.body);
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no reply");
    return r ? std::string(json::parse(r->body).at("id").as_string()) : std::string();
  }

  static std::string* db_;
  static test::ServerProcess* server_;
  static std::map<std::string, Header> tokens_;
};
std::string* CaseApi::db_ = nullptr;
test::ServerProcess* CaseApi::server_ = nullptr;
std::map<std::string, Header> CaseApi::tokens_;

// A point in grid 370811002001001 of the demo city; exposed garbage (06010) goes to HW.
constexpr const char* kReport = R"({"description":"垃圾桶满溢","category":"06010","lon":116.5301,"lat":35.3706,
  "reporter_phone":"13812345678","reporter_name":"李四"})";

TEST_F(CaseApi, ThePublicLoopFromReportToRating) {
  const auto reported = send("POST", "/api/v1/public/cases", {}, kReport);
  ASSERT_EQ(reported.status, 201) << json::serialize(reported.body);
  const std::string code(reported.body.at("tracking_code").as_string());
  EXPECT_EQ(reported.body.at("state").as_string(), "reported");
  EXPECT_EQ(json::serialize(reported.body).find("138"), std::string::npos);  // nothing personal comes back

  // The seat finds it in their queue, with the reporter's number in full; a supervisor sees it masked.
  const auto queue = send("GET", "/api/v1/cases?queue=mine&channel=citizen_web", {token("operator")});
  ASSERT_EQ(queue.status, 200);
  ASSERT_FALSE(queue.body.at("cases").as_array().empty());
  const auto& first = queue.body.at("cases").as_array()[0];
  const std::string id(first.at("id").as_string());
  EXPECT_EQ(first.at("tracking_code").as_string(), code);
  EXPECT_EQ(first.at("reporter").at("phone").as_string(), "13812345678");
  EXPECT_EQ(first.at("grid").as_string(), "370811002001001");
  EXPECT_EQ(send("GET", "/api/v1/cases/" + id, {token("supervisor")}).body.at("reporter").at("phone").as_string(),
            "138****5678");
  EXPECT_EQ(send("GET", "/api/v1/cases/" + id, {token("supervisor", "370812")}).status, 404);

  EXPECT_EQ(act(token("operator"), id, "request_verify").status, 200);
  EXPECT_EQ(act(token("supervisor"), id, "verify_ok", {{"comment", "属实"}}).status, 200);
  EXPECT_EQ(act(token("shift_leader"), id, "register", {{"category", "06010"}, {"urgency", "normal"}}).status, 200);
  const auto pending = send("GET", "/api/v1/cases/" + id, {token("dispatcher")});
  EXPECT_EQ(pending.body.at("routing").at("department").as_string(), "HW");
  EXPECT_EQ(act(token("dispatcher"), id, "dispatch", {{"department", "HW"}}).status, 200);
  const auto crew = token("handler", "370811", "HW");
  EXPECT_EQ(act(crew, id, "sign").status, 200);
  const auto finished =
      act(crew, id, "finish", {{"comment", "已清运"}, {"attachments", json::array{photo(crew).c_str()}}});
  EXPECT_EQ(finished.status, 200) << json::serialize(finished.body);
  EXPECT_EQ(act(token("operator"), id, "request_check").status, 200);
  EXPECT_EQ(act(token("supervisor"), id, "check_fail", {{"reason", "未清理干净"}}).status, 200);
  EXPECT_EQ(
      act(crew, id, "finish", {{"comment", "再次清运"}, {"attachments", json::array{photo(crew).c_str()}}}).status,
      200);
  EXPECT_EQ(act(token("operator"), id, "request_check").status, 200);
  EXPECT_EQ(act(token("supervisor"), id, "check_pass", {{"comment", "干净"}}).status, 200);
  const auto closed = act(token("shift_leader"), id, "close");
  EXPECT_EQ(closed.body.at("state").as_string(), "closed");
  EXPECT_EQ(closed.body.at("counts").at("rework").as_int64(), 1);

  const auto tracked = send("GET", "/api/v1/public/cases/" + code, {});
  EXPECT_EQ(tracked.body.at("state").as_string(), "closed");
  EXPECT_TRUE(tracked.body.at("can_rate").as_bool());
  EXPECT_EQ(json::serialize(tracked.body).find("handler"), std::string::npos);  // no staff names or roles
  const auto rated = send("POST", "/api/v1/public/cases/" + code + "/rating", {}, R"({"satisfaction":"满意"})");
  EXPECT_EQ(rated.status, 200);
  EXPECT_EQ(rated.body.at("satisfaction").as_string(), "满意");
  EXPECT_EQ(send("POST", "/api/v1/public/cases/" + code + "/rating", {}, R"({"satisfaction":"满意"})").status, 409);
  EXPECT_EQ(send("GET", "/api/v1/public/cases/NOSUCHCODE", {}).status, 404);

  const auto events = send("GET", "/api/v1/cases/" + id + "/events", {token("leader")});
  EXPECT_EQ(events.body.at("events").as_array().size(), 14u);
  const auto ledger = send("GET", "/api/v1/ledgers/callback", {token("leader")});
  EXPECT_EQ(ledger.body.at("total").as_int64(), 1);
}

// A citizen's report nobody has categorised yet is the same problem as the seat's categorised one
// at the same place: it is offered as a duplicate whatever category the seat picked.
TEST_F(CaseApi, AnUncategorisedReportIsADuplicateCandidateForAnyCategory) {
  const auto citizen = send("POST", "/api/v1/public/cases", {},
                            R"({"description":"垃圾箱被撞坏了，垃圾撒了一地","lon":116.5401,"lat":35.3806})");
  ASSERT_EQ(citizen.status, 201) << citizen.text;
  const auto seat = token("operator");
  const auto ids_of = [](const Reply& r) {
    std::vector<std::string> ids;
    for (const auto& c : r.body.at("candidates").as_array()) ids.emplace_back(c.at("id").as_string());
    return ids;
  };
  const auto any = send("GET", "/api/v1/cases/duplicates?lon=116.5401&lat=35.3806", {seat});
  ASSERT_EQ(any.status, 200) << any.text;
  ASSERT_EQ(any.body.at("candidates").as_array().size(), 1u) << any.text;
  EXPECT_EQ(any.body.at("candidates").as_array()[0].at("description").as_string(), "垃圾箱被撞坏了，垃圾撒了一地");
  const std::string id(any.body.at("candidates").as_array()[0].at("id").as_string());
  const auto bins = send("GET", "/api/v1/cases/duplicates?lon=116.5401&lat=35.3806&category=03005", {seat});
  ASSERT_EQ(bins.status, 200) << bins.text;
  EXPECT_EQ(ids_of(bins), std::vector<std::string>{id});
  // The seat's categorised intake there is offered it too.
  const auto intake = send("POST", "/api/v1/cases", {seat},
                           R"({"description":"垃圾箱破损","category":"03005","lon":116.5401,"lat":35.3806})");
  ASSERT_EQ(intake.status, 201) << intake.text;
  ASSERT_EQ(intake.body.at("duplicates").as_array().size(), 1u);
  EXPECT_EQ(intake.body.at("duplicates").as_array()[0].at("id").as_string(), id);
  // For another category the uncategorised report still is a candidate, the seat's categorised one not.
  const auto other = send("GET", "/api/v1/cases/duplicates?lon=116.5401&lat=35.3806&category=06010", {seat});
  EXPECT_EQ(ids_of(other), std::vector<std::string>{id});
}

TEST_F(CaseApi, IdempotencyKeyConflictsAndMalformedInput) {
  const auto seat = token("operator");
  const auto earlier = send("POST", "/api/v1/cases", {seat}, kReport);
  ASSERT_EQ(earlier.status, 201);
  const Header key{"idempotency-key", "intake-42"};
  const auto first = send("POST", "/api/v1/cases", {seat, key}, kReport);
  ASSERT_EQ(first.status, 201);
  const auto again = send("POST", "/api/v1/cases", {seat, key}, kReport);
  EXPECT_EQ(again.status, 201);
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.text, first.text);  // byte for byte, duplicate suggestions included
  EXPECT_EQ(again.body.at("id"), first.body.at("id"));
  EXPECT_EQ(
      send("POST", "/api/v1/cases", {seat, key}, R"({"description":"另一件事","lon":116.5301,"lat":35.3706})").status,
      422);  // the same key for another request
  const std::string id(first.body.at("id").as_string());
  EXPECT_EQ(first.body.at("channel").as_string(), "hotline_12319");
  ASSERT_EQ(first.body.at("duplicates").as_array().size(), 1u);  // the earlier report, 0 m away
  EXPECT_EQ(first.body.at("duplicates").as_array()[0].at("id"), earlier.body.at("id"));

  // A stale version: 409 with what the caller needs to retry.
  const auto stale =
      send("POST", "/api/v1/cases/" + id + "/actions/request_verify", {seat}, R"({"version":5,"comment":"x"})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body.at("error").at("details").at("state").as_string(), "reported");
  EXPECT_EQ(stale.body.at("error").at("details").at("version").as_int64(), 1);
  EXPECT_FALSE(stale.body.at("error").at("details").at("allowed_actions").as_array().empty());
  const auto verify_key = Header{"idempotency-key", "verify-" + id};
  const auto acted =
      send("POST", "/api/v1/cases/" + id + "/actions/request_verify", {seat, verify_key}, R"({"version":1})");
  EXPECT_EQ(acted.status, 200);
  const auto replay =
      send("POST", "/api/v1/cases/" + id + "/actions/request_verify", {seat, verify_key}, R"({"version":1})");
  EXPECT_TRUE(replay.replayed);
  EXPECT_EQ(replay.body.at("version").as_int64(), 2);
  EXPECT_EQ(send("GET", "/api/v1/cases/" + id + "/events", {seat}).body.at("events").as_array().size(), 2u);

  // Malformed: each a 4xx naming what is wrong, nothing written.
  const auto before = send("GET", "/api/v1/cases/counts", {seat}).body.at("total").as_int64();
  EXPECT_EQ(send("POST", "/api/v1/cases", {seat}, "{not json").status, 400);
  const auto field_of = [&](const std::string& body) {
    const auto r = send("POST", "/api/v1/cases", {seat}, body);
    EXPECT_EQ(r.status, 422) << body;
    return std::string(r.body.at("error").at("details").at("field").as_string());
  };
  EXPECT_EQ(field_of(R"({"lon":116.53,"lat":35.37})"), "description");
  EXPECT_EQ(field_of(R"({"description":"x","lon":"east","lat":35.37})"), "lon");
  EXPECT_EQ(field_of(R"({"description":"x","lon":216.53,"lat":35.37})"), "lon");
  EXPECT_EQ(field_of(R"({"description":"x","lon":116.53})"), "lat");
  EXPECT_EQ(field_of(R"({"description":"x","category":"99999","lon":116.53,"lat":35.37})"), "category");
  EXPECT_EQ(field_of(R"({"description":"x","component_id":"37081101002999999","lon":116.53,"lat":35.37})"),
            "component_id");
  EXPECT_EQ(send("POST", "/api/v1/cases/" + id + "/actions/teleport", {seat}, R"({"version":2})").status, 404);
  EXPECT_EQ(send("POST", "/api/v1/cases/" + id + "/actions/reject", {seat}, R"({"comment":"no version"})").status, 422);
  EXPECT_EQ(send("GET", "/api/v1/cases?light=purple", {seat}).status, 422);
  EXPECT_EQ(send("GET", "/api/v1/cases?urgency=urgent,asap", {seat}).status, 422);
  EXPECT_EQ(send("GET", "/api/v1/cases?cursor=garbage", {seat}).status, 422);
  EXPECT_EQ(send("GET", "/api/v1/cases/counts", {seat}).body.at("total").as_int64(), before);
  // A citizen account cannot claim another channel, and does not see staff queues.
  EXPECT_EQ(send("GET", "/api/v1/cases", {token("citizen")}).status, 403);
}

// A field the route does not declare is refused, named, before anything is written: a misspelt
// optional field ("urgncy") was once dropped in silence and the report filed as normal.
TEST_F(CaseApi, ABodyWithAFieldTheRouteDoesNotDeclareIsRefusedNamingIt) {
  const auto seat = token("operator");
  const auto before = send("GET", "/api/v1/cases/counts", {seat}).body.at("total").as_int64();
  const auto misspelt =
      send("POST", "/api/v1/cases", {seat}, R"({"description":"井盖缺失","urgncy":"urgent","lon":116.53,"lat":35.37})");
  ASSERT_EQ(misspelt.status, 422) << misspelt.text;
  EXPECT_EQ(misspelt.body.at("error").at("code").as_string(), "validation_failed");
  EXPECT_EQ(misspelt.body.at("error").at("details").at("field").as_string(), "urgncy");
  EXPECT_NE(misspelt.text.find("urgncy"), std::string::npos);
  EXPECT_EQ(send("GET", "/api/v1/cases/counts", {seat}).body.at("total").as_int64(), before);

  // In a nested object too, every one named, in the order they came.
  const auto made = send("POST", "/api/v1/cases", {seat}, kReport);
  ASSERT_EQ(made.status, 201);
  const std::string id(made.body.at("id").as_string());
  const auto nested = send("POST", "/api/v1/cases/" + id + "/actions/request_verify", {seat},
                           R"({"version":1,"extension":{"amount":2,"unit":"working_days","why":"x"},"colour":"red"})");
  ASSERT_EQ(nested.status, 422) << nested.text;
  const auto& fields = nested.body.at("error").at("details").at("fields").as_array();
  ASSERT_EQ(fields.size(), 2u) << nested.text;
  EXPECT_EQ(fields[0].as_string(), "extension.why");
  EXPECT_EQ(fields[1].as_string(), "colour");
  EXPECT_EQ(send("GET", "/api/v1/cases/" + id, {seat}).body.at("version").as_int64(), 1);  // nothing recorded

  // A public report and a third party's file format: the citizen's stray field is refused, a
  // holiday-cn file's own keys are not (its schema says so).
  const auto citizen = send("POST", "/api/v1/public/cases", {}, R"({"description":"路灯不亮","email":"a@b.c"})");
  EXPECT_EQ(citizen.status, 422) << citizen.text;
}

// Issue 20: a body is read by the shape its route publishes, so what the OpenAPI file says a field
// takes is what the server takes, and each refusal names the field.
TEST_F(CaseApi, EachBodyFieldIsHeldToTheSchemaItsRoutePublishes) {
  const auto seat = token("operator");
  const auto openapi = send("GET", "/api/v1/openapi.json", {}).body;
  const auto& intake = openapi.at("paths")
                           .at("/api/v1/cases")
                           .at("post")
                           .at("requestBody")
                           .at("content")
                           .at("application/json")
                           .at("schema")
                           .at("properties");
  EXPECT_EQ(json::serialize(intake.at("urgency").at("enum")), R"(["","normal","urgent","critical"])");
  EXPECT_EQ(intake.at("address").at("x-max-bytes").as_int64(), 500);
  EXPECT_EQ(intake.at("lon").at("maximum").as_int64(), 180);
  EXPECT_EQ(intake.at("description").at("description").as_string(), "问题描述");

  const auto before = send("GET", "/api/v1/cases/counts", {seat}).body.at("total").as_int64();
  const auto refused = [&](const std::string& body) {
    const auto r = send("POST", "/api/v1/cases", {seat}, body);
    EXPECT_EQ(r.status, 422) << body << " → " << r.text;
    return r.status == 422 ? std::string(r.body.at("error").at("details").at("field").as_string()) : std::string();
  };
  EXPECT_EQ(refused(R"({"description":"井盖缺失","urgency":"asap","lon":116.53,"lat":35.37})"), "urgency");
  EXPECT_EQ(refused(R"({"description":"井盖缺失","lon":116.53})"), "lat");
  EXPECT_EQ(refused(R"({"description":"井盖缺失","lon":216.53,"lat":35.37})"), "lon");
  EXPECT_EQ(refused(R"({"description":"井盖缺失","address":")" + std::string(501, 'x') + R"("})"), "address");
  EXPECT_EQ(refused(R"({"description":"井盖缺失","attachments":["a",7]})"), "attachments[1]");
  EXPECT_EQ(refused(R"({"description":"井盖缺失","self_handled":"yes"})"), "self_handled");
  EXPECT_EQ(refused(R"({"description":7})"), "description");
  EXPECT_EQ(send("GET", "/api/v1/cases/counts", {seat}).body.at("total").as_int64(), before);  // nothing filed

  // The allowed values are said in the message, from the same declaration.
  const auto asap = send("POST", "/api/v1/cases", {seat}, R"({"description":"井盖缺失","urgency":"asap"})");
  EXPECT_NE(asap.text.find("normal、urgent、critical"), std::string::npos) << asap.text;
  // "" on a choice is "not chosen": the default.
  const auto blank =
      send("POST", "/api/v1/cases", {seat}, R"({"description":"井盖缺失","urgency":"","lon":116.53,"lat":35.37})");
  ASSERT_EQ(blank.status, 201) << blank.text;
  EXPECT_EQ(blank.body.at("urgency").as_string(), "normal");
}

// Issue 21: each case carries its allowed actions' forms from the workflow table, with the fields a
// city requires on top (cases.required_fields), and the server holds the action to them.
TEST_F(CaseApi, EachAllowedActionsFormComesWithTheCaseAndTheCitysRequiredFieldsAreHeld) {
  const auto made = send("POST", "/api/v1/cases", {token("operator")}, kReport);
  ASSERT_EQ(made.status, 201);
  const std::string id(made.body.at("id").as_string());
  const auto& forms = made.body.at("action_fields").as_object();
  ASSERT_TRUE(forms.contains("reject"));
  EXPECT_EQ(json::serialize(forms.at("reject")), R"([{"field":"reason","required":true,"zh":"理由","en":"Reason"}])");
  EXPECT_EQ(forms.size(), made.body.at("allowed_actions").as_array().size());  // one form per allowed action
  EXPECT_EQ(act(token("operator"), id, "request_verify").status, 200);
  EXPECT_EQ(act(token("supervisor"), id, "verify_ok", {{"comment", "属实"}}).status, 200);
  EXPECT_EQ(act(token("shift_leader"), id, "register", {{"category", "06010"}, {"urgency", "normal"}}).status, 200);
  const auto pending = send("GET", "/api/v1/cases/" + id, {token("dispatcher")});
  EXPECT_EQ(json::serialize(pending.body.at("action_fields").at("dispatch")),
            R"([{"field":"department","required":true,"zh":"处置单位","en":"Department"}])");
  EXPECT_EQ(act(token("dispatcher"), id, "dispatch", {{"department", "HW"}}).status, 200);
  const auto crew = token("handler", "370811", "HW");
  EXPECT_EQ(act(crew, id, "sign").status, 200);
  EXPECT_EQ(act(crew, id, "request_suspend", {{"reason", "产权纠纷"}}).status, 200);
  EXPECT_EQ(act(token("dispatcher"), id, "approve_suspend").status, 200);

  const auto suspended = send("GET", "/api/v1/cases/" + id, {token("dispatcher")});
  EXPECT_EQ(json::serialize(suspended.body.at("action_fields").at("resume")),
            R"([{"field":"comment","required":true,"zh":"意见","en":"Comment"}])");
  const auto bare = act(token("dispatcher"), id, "resume");
  ASSERT_EQ(bare.status, 422) << bare.text;
  EXPECT_EQ(json::serialize(bare.body.at("error").at("details").at("missing")), R"(["comment"])");
  EXPECT_EQ(send("GET", "/api/v1/cases/" + id, {token("dispatcher")}).body.at("state").as_string(), "suspended");
  EXPECT_EQ(act(token("dispatcher"), id, "resume", {{"comment", "纠纷已解决"}}).status, 200);
  // A handler's view holds only the forms of the handler's own actions.
  const auto handlers = send("GET", "/api/v1/cases/" + id, {crew});
  EXPECT_FALSE(handlers.body.at("action_fields").as_object().contains("approve_extension"));
  EXPECT_TRUE(handlers.body.at("action_fields").as_object().contains("finish"));
}

// Issue 20: an error is worded in the language the request asks for (Accept-Language), zh-CN by
// default; the code and details, which programs read, are the same in both.
TEST_F(CaseApi, ErrorsAreWordedInTheLanguageTheRequestAsksFor) {
  const auto seat = token("operator");
  const std::string stray = R"({"description":"井盖缺失","urgncy":"urgent","lon":116.53,"lat":35.37})";
  const std::string blank = R"({"description":"   ","lon":116.53,"lat":35.37})";
  auto ask = [&](const std::string& target, const std::string& body, const std::string& language) {
    std::vector<Header> headers = {seat, {"content-type", "application/json"}};
    if (!language.empty()) headers.emplace_back("accept-language", language);
    auto r = test::http_request(server_->port(), body.empty() ? "GET" : "POST", target, headers, body);
    EXPECT_TRUE(r);
    return r ? *r : test::HttpReply{};
  };
  const auto message = [](const test::HttpReply& r) {
    return std::string(json::parse(r.body).at("error").at("message").as_string());
  };

  const auto zh = ask("/api/v1/cases", stray, "");
  EXPECT_EQ(zh.status, 422);
  EXPECT_EQ(message(zh), "请求体含有本接口不接受的字段：urgncy");
  EXPECT_EQ(zh.header("content-language"), "zh-CN");
  const auto en = ask("/api/v1/cases", stray, "en-US,en;q=0.9,zh-CN;q=0.5");
  EXPECT_EQ(en.status, 422);
  EXPECT_EQ(message(en), "The body holds fields this endpoint does not take: urgncy");
  EXPECT_EQ(en.header("content-language"), "en");
  EXPECT_EQ(json::parse(en.body).at("error").at("details"), json::parse(zh.body).at("error").at("details"));

  // A rule of the case service, and a code's default message.
  EXPECT_EQ(message(ask("/api/v1/cases", blank, "zh-CN")), "请描述问题（不能只有空白）");
  EXPECT_EQ(message(ask("/api/v1/cases", blank, "en")), "Describe the problem (not only spaces)");
  EXPECT_EQ(message(ask("/api/v1/cases/20990101000001", "", "en")), "Not found");
  EXPECT_EQ(message(ask("/api/v1/cases/20990101000001", "", "fr, de;q=0.5")), "请求的资源不存在");
}

TEST_F(CaseApi, PublicReportsAreRateLimitedPerAddress) {
  int accepted = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {
    const auto r = send("POST", "/api/v1/public/cases", {}, R"({"description":"限流测试","address":"古槐路"})");
    accepted += r.status == 201;
    if (r.status == 429) {
      ++limited;
      EXPECT_EQ(r.body.at("error").at("code").as_string(), "rate_limited");
    }
  }
  EXPECT_LE(accepted, 4);
  EXPECT_GE(limited, 4);
}

TEST_F(CaseApi, TheDemoCityHasOneAccountPerRole) {
  for (const auto* name : {"demo-citizen", "demo-supervisor", "demo-operator", "demo-shift-leader", "demo-dispatcher",
                           "demo-handler", "demo-leader", "demo-admin", "demo-integration"}) {
    const auto signed_in = send("POST", "/api/v1/session", {},
                                std::string(R"({"username":")") + name + R"(","password":"urbangrid-demo"})");
    EXPECT_EQ(signed_in.status, 200) << name;
  }
}

TEST_F(CaseApi, RebuildFindsATamperedRowAndRepairsIt) {
  const auto made = send("POST", "/api/v1/cases", {token("supervisor")}, kReport);
  ASSERT_EQ(made.status, 201);
  const std::string id(made.body.at("id").as_string());
  EXPECT_EQ(test::run_urbangrid({"cases", "rebuild", "--db", *db_}).exit_code, 0);

  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db_->c_str(), &handle), SQLITE_OK);
  const auto sql = "UPDATE cases SET state = 'closed', rework_count = 3 WHERE id = '" + id + "'";
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  // The event log itself refuses to change.
  EXPECT_NE(sqlite3_exec(handle, "DELETE FROM case_events", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(handle);

  const auto found = test::run_urbangrid({"cases", "rebuild", "--db", *db_});
  EXPECT_EQ(found.exit_code, 1);
  EXPECT_NE(found.out.find(id + ": state"), std::string::npos) << found.out;
  EXPECT_EQ(test::run_urbangrid({"cases", "rebuild", "--db", *db_, "--repair"}).exit_code, 1);
  EXPECT_EQ(test::run_urbangrid({"cases", "rebuild", "--db", *db_}).exit_code, 0);
  EXPECT_EQ(send("GET", "/api/v1/cases/" + id, {token("supervisor")}).body.at("state").as_string(), "pending_register");
}

// The dashboard's figures: counts per grid, channel and reported day, within the caller's scope,
// closed cases included unless `open` says; a group the API does not know is refused.
TEST_F(CaseApi, GroupedCountsFollowTheFiltersAndTheScope) {
  const auto seat = token("operator");
  const auto marker = "grouped-" + std::to_string(std::time(nullptr));
  for (int i = 0; i < 3; ++i) {
    const auto r =
        send("POST", "/api/v1/cases", {seat}, R"({"description":")" + marker + R"(","lon":116.5301,"lat":35.3706})");
    ASSERT_EQ(r.status, 201) << json::serialize(r.body);
  }
  const auto q = "&q=" + marker;
  const auto by_grid = send("GET", "/api/v1/cases/counts?by=grid" + q, {seat});
  ASSERT_EQ(by_grid.status, 200) << json::serialize(by_grid.body);
  EXPECT_EQ(json::serialize(by_grid.body.at("groups")), R"({"370811002001001":3})");
  EXPECT_EQ(by_grid.body.at("total").as_int64(), 3);
  const auto by_channel = send("GET", "/api/v1/cases/counts?by=channel" + q, {seat});
  EXPECT_EQ(json::serialize(by_channel.body.at("groups")), R"({"hotline_12319":3})");
  // Reported today, local time (UTC+8 unless configured otherwise).
  const auto today = send("GET", "/api/v1/cases/counts?by=created_day" + q, {seat});
  ASSERT_EQ(today.body.at("groups").as_object().size(), 1u) << json::serialize(today.body);
  const auto local = std::time(nullptr) + 8 * 3600;
  char date[11];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&local));
  EXPECT_EQ(today.body.at("groups").as_object().begin()->key(), date);
  EXPECT_EQ(send("GET", "/api/v1/cases/counts?by=grid&open=false" + q, {seat}).body.at("total").as_int64(), 0);
  // Another district's staff see none of them.
  EXPECT_EQ(send("GET", "/api/v1/cases/counts?by=grid" + q, {token("leader", "370812")}).body.at("total").as_int64(),
            0);
  const auto bad = send("GET", "/api/v1/cases/counts?by=colour", {seat});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body.at("error").at("details").at("field").as_string(), "by");
}

// Map layers: the unit grids in a box and the streets' outlines, within the caller's scope, with an
// ETag that answers 304 while the grids stay as they are.
TEST_F(CaseApi, GridLayersForMapsWithoutTiles) {
  const auto staff = token("leader");
  const auto box =
      test::http_request(server_->port(), "GET", "/api/v1/grids?bbox=116.5300,35.3705,116.5302,35.3707", {staff});
  ASSERT_EQ(box->status, 200) << box->body;
  EXPECT_EQ(box->header("content-type"), "application/geo+json");
  const auto features = json::parse(box->body).at("features").as_array();
  ASSERT_FALSE(features.empty());
  bool found = false;
  for (const auto& f : features) {
    if (f.at("properties").at("code") == "370811002001001") {
      found = true;
      EXPECT_EQ(f.at("properties").at("street").as_string(), "370811002");
      EXPECT_EQ(f.at("geometry").at("type").as_string(), "Polygon");
    }
  }
  EXPECT_TRUE(found) << box->body.substr(0, 300);
  const auto etag = box->header("etag");
  ASSERT_FALSE(etag.empty());
  const auto again = test::http_request(server_->port(), "GET", "/api/v1/grids?bbox=116.5300,35.3705,116.5302,35.3707",
                                        {staff, {"if-none-match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  const auto streets = test::http_request(server_->port(), "GET", "/api/v1/grids/outlines?level=street", {staff});
  ASSERT_EQ(streets->status, 200) << streets->body;
  const auto outlines = json::parse(streets->body).at("features").as_array();
  ASSERT_GT(outlines.size(), 1u);
  for (const auto& o : outlines) {
    EXPECT_EQ(o.at("properties").at("code").as_string().size(), 9u);
    EXPECT_FALSE(o.at("properties").at("name").as_string().empty());
  }
  const auto district = test::http_request(server_->port(), "GET", "/api/v1/grids/outlines?level=district", {staff});
  EXPECT_EQ(json::parse(district->body).at("features").as_array().size(), 1u);
  // Boundaries are public: the citizens' map draws them without an account.
  const auto open = test::http_request(server_->port(), "GET", "/api/v1/grids/outlines?level=street");
  ASSERT_EQ(open->status, 200);
  EXPECT_EQ(json::parse(open->body).at("features").as_array().size(), outlines.size());
  // The unit grids are not.
  EXPECT_EQ(test::http_request(server_->port(), "GET", "/api/v1/grids")->status, 401);

  for (const char* bad :
       {"/api/v1/grids?bbox=1,2,3", "/api/v1/grids?bbox=116.6,35,116.5,36", "/api/v1/grids?bbox=a,b,c,d",
        "/api/v1/grids/outlines?level=grid", "/api/v1/grids/outlines"}) {
    const auto r = test::http_request(server_->port(), "GET", bad, {staff});
    EXPECT_EQ(r->status, 422) << bad << r->body;
  }
}

// A browser that reloads the page learns its session's CSRF token again from /api/v1/me; a token
// caller gets none.
TEST_F(CaseApi, TheSessionsCsrfTokenComesBackFromMe) {
  const auto signed_in =
      test::http_request(server_->port(), "POST", "/api/v1/session", {{"content-type", "application/json"}},
                         R"({"username":"demo-operator","password":"urbangrid-demo"})");
  ASSERT_EQ(signed_in->status, 200) << signed_in->body;
  const auto cookie = signed_in->header("set-cookie");
  const auto session = cookie.substr(0, cookie.find(';'));
  const auto me = test::http_request(server_->port(), "GET", "/api/v1/me", {{"cookie", session}});
  ASSERT_EQ(me->status, 200) << me->body;
  EXPECT_EQ(json::parse(me->body).at("csrf_token"), json::parse(signed_in->body).at("csrf_token"));
  const auto by_token = send("GET", "/api/v1/me", {token("operator")});
  EXPECT_FALSE(by_token.body.as_object().contains("csrf_token"));
}

}  // namespace
}  // namespace ug
