// Unit grids and routing through the real binary: `grid import` reports and exit codes, `grid
// locate` CSV in input order, GET /api/v1/grids/locate, a running server picking up an import made
// by another process without a restart, the import over HTTP (check, then write), and the
// responsibility rules and organisation units as the admin page maintains them.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

// Two 0.001° cells side by side (A west, B east) and one far away (C), as GeoJSON.
std::string cells_geojson(bool with_c) {
  const auto square = [](double west, double south) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]", west, south,
                  west + 0.001, south, west + 0.001, south + 0.001, west, south + 0.001, west, south);
    return std::string(buf);
  };
  const auto feature = [&](const char* code, const char* name, double west, double south) {
    return std::string(R"({"type":"Feature","properties":{"gid":")") + code + R"(","label":")" + name +
           R"("},"geometry":{"type":"Polygon","coordinates":)" + square(west, south) + "}}";
  };
  std::string features = feature("37081100100100A", "古槐一号", 116.530, 35.450) + "," +
                         feature("37081100100100B", "古槐二号", 116.531, 35.450);
  if (with_c) features += "," + feature("37081100100100C", "远处", 116.600, 35.400);
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

std::string write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(GridCli, ImportReportsAndLocateKeepsInputOrder) {
  const auto dir = test::temp_dir("ug-grid-cli");
  const auto db = (dir / "g.db").string();
  const auto r = test::run_urbangrid({"grid", "import", write_file(dir, "cells.geojson", cells_geojson(true)), "--db",
                                      db, "--code-property", "gid", "--name-property", "label"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("可导入 3 个网格"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("370811（3 个网格）"), std::string::npos) << r.out;  // no divisions known yet

  // A bad file writes nothing and says why; a partly bad one imports the rest and exits 3.
  const auto broken = test::run_urbangrid(
      {"grid", "import", write_file(dir, "broken.geojson", "{\"type\":"), "--db", db, "--code-property", "gid"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("GeoJSON"), std::string::npos) << broken.err;
  const auto partly = test::run_urbangrid(
      {"grid", "import",
       write_file(
           dir, "partly.geojson",
           R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"gid":"bad"},"geometry":{"type":"Point","coordinates":[1,2]}}]})"),
       "--db", db, "--code-property", "gid"});
  EXPECT_EQ(partly.exit_code, 3);
  EXPECT_NE(partly.out.find("Point is not Polygon"), std::string::npos) << partly.out;

  const auto points = write_file(dir, "points.csv",
                                 "id,lon,lat\n"
                                 "p3,116.6005,35.4005\n"
                                 "p1,116.5305,35.4505\n"
                                 "p2,116.531,35.4505\n"  // on the A|B edge: A has the smaller code
                                 "p4,0,0\n"
                                 "p5,not,numbers\n");
  // run_urbangrid gives the child no stdin; feed the CSV through a shell redirect instead.
  const auto cmd = test::binary_path().string() + " grid locate --db " + db + " < " + points + " > " +
                   (dir / "out.csv").string() + " 2> " + (dir / "err.txt").string();
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 3);  // one line was not id,lon,lat
  std::ifstream out(dir / "out.csv");
  std::stringstream got;
  got << out.rdbuf();
  EXPECT_EQ(got.str(), "p3,37081100100100C\np1,37081100100100A\np2,37081100100100A\np4,\np5,\n");
}

TEST(GridApi, LocateAnswersAndPicksUpImportsWhileServing) {
  const auto dir = test::temp_dir("ug-grid-api");
  const auto db = (dir / "g.db").string();
  ASSERT_EQ(test::run_urbangrid({"grid", "import", write_file(dir, "ab.geojson", cells_geojson(false)), "--db", db,
                                 "--code-property", "gid", "--name-property", "label"})
                .exit_code,
            0);
  test::ServerProcess server(db, {"--set", "grids.refresh_interval_ms=100"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto staff = test::bearer_for(db, "locator", {"supervisor"}, {"370811"});

  const auto hit = test::http_request(server.port(), "GET", "/api/v1/grids/locate?lon=116.5305&lat=35.4505", {staff});
  ASSERT_TRUE(hit);
  ASSERT_EQ(hit->status, 200) << hit->body;
  const auto grid = boost::json::parse(hit->body).at("grid");
  EXPECT_EQ(grid.at("code").as_string(), "37081100100100A");
  EXPECT_EQ(grid.at("name").as_string(), "古槐一号");
  EXPECT_TRUE(grid.at("community").is_null());  // no divisions imported

  const auto miss = test::http_request(server.port(), "GET", "/api/v1/grids/locate?lon=116.6005&lat=35.4005", {staff});
  EXPECT_EQ(miss->status, 200);
  EXPECT_TRUE(boost::json::parse(miss->body).at("grid").is_null());

  for (const char* bad : {"/api/v1/grids/locate?lat=35.45", "/api/v1/grids/locate?lon=116.53&lat=abc",
                          "/api/v1/grids/locate?lon=181&lat=35", "/api/v1/grids/locate?lon=116&lat=-90.5",
                          "/api/v1/grids/locate?lon=nan&lat=1", "/api/v1/grids/locate?lon=1e999&lat=1"}) {
    const auto r = test::http_request(server.port(), "GET", bad, {staff});
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 422) << bad;
    EXPECT_EQ(boost::json::parse(r->body).at("error").at("code").as_string(), "validation_failed") << bad;
  }

  // Another process imports grid C; the running server starts answering with it.
  ASSERT_EQ(test::run_urbangrid({"grid", "import", write_file(dir, "abc.geojson", cells_geojson(true)), "--db", db,
                                 "--code-property", "gid"})
                .exit_code,
            0);
  std::string found;
  for (int i = 0; i < 100 && found.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto r = test::http_request(server.port(), "GET", "/api/v1/grids/locate?lon=116.6005&lat=35.4005", {staff});
    const auto g = boost::json::parse(r->body).at("grid");
    if (!g.is_null()) found = std::string(g.at("code").as_string());
  }
  EXPECT_EQ(found, "37081100100100C") << server.log();
}

TEST(GridApi, PlacesAreFoundByNameWithinTheScope) {
  const auto dir = test::temp_dir("ug-places-api");
  const auto db = (dir / "p.db").string();
  ASSERT_EQ(test::run_urbangrid({"grid", "import", write_file(dir, "abc.geojson", cells_geojson(true)), "--db", db,
                                 "--code-property", "gid", "--name-property", "label"})
                .exit_code,
            0);
  test::ServerProcess server(db);
  ASSERT_TRUE(server.ready()) << server.log();
  const auto seat = test::bearer_for(db, "places-seat", {"operator"}, {"370811"});
  const auto elsewhere = test::bearer_for(db, "places-elsewhere", {"operator"}, {"370812"});
  const auto search = [&](const std::string& query, const std::pair<std::string, std::string>& who) {
    return test::http_request(server.port(), "GET", "/api/v1/places" + query, {who});
  };
  // "古槐" names grids A and B (古槐一号, 古槐二号), not C (远处); each with a point inside it.
  const auto found = search("?q=%E5%8F%A4%E6%A7%90", seat);  // 古槐
  ASSERT_EQ(found->status, 200) << found->body;
  const auto places = boost::json::parse(found->body).at("places").as_array();
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places[0].at("code").as_string(), "37081100100100A");
  EXPECT_EQ(places[0].at("kind").as_string(), "grid");
  const auto& point = places[0].at("point");
  EXPECT_GT(point.at("lon").as_double(), 116.530);
  EXPECT_LT(point.at("lon").as_double(), 116.531);
  const auto& box = places[1].at("box").as_array();
  EXPECT_DOUBLE_EQ(box[0].as_double(), 116.531);
  EXPECT_DOUBLE_EQ(box[3].as_double(), 35.451);
  // By code prefix, capped by limit; nothing for a caller whose scope holds none of them.
  EXPECT_EQ(boost::json::parse(search("?q=370811001&limit=1", seat)->body).at("places").as_array().size(), 1u);
  EXPECT_TRUE(boost::json::parse(search("?q=%E5%8F%A4%E6%A7%90", elsewhere)->body).at("places").as_array().empty());
  EXPECT_EQ(search("?q=%20", seat)->status, 422);
  EXPECT_EQ(search("?q=a&limit=0", seat)->status, 422);
}

TEST(GridApi, ImportOverHttpChecksFirstThenWritesWhatIsValid) {
  const auto dir = test::temp_dir("ug-grid-import-api");
  const auto db = (dir / "g.db").string();
  test::ServerProcess server(db);
  ASSERT_TRUE(server.ready()) << server.log();
  const auto admin = test::bearer_for(db, "grid-admin", {"admin"});
  const auto supervisor = test::bearer_for(db, "grid-supervisor", {"supervisor"}, {"370811"});
  const auto import = [&](const std::string& query, const std::string& body,
                          const std::pair<std::string, std::string>& who,
                          const std::string& type = "application/json") {
    return test::http_request(server.port(), "POST", "/api/v1/grids/import" + query, {who, {"content-type", type}},
                              body);
  };
  const auto locate = [&] {
    const auto r = test::http_request(server.port(), "GET", "/api/v1/grids/locate?lon=116.5305&lat=35.4505", {admin});
    return boost::json::parse(r->body).at("grid");
  };
  // Two good cells and a point that is no grid.
  std::string file = cells_geojson(false);
  file.insert(file.size() - 2,
              R"(,{"type":"Feature","properties":{"gid":"bad"},"geometry":{"type":"Point","coordinates":[1,2]}})");

  const auto check = import("?dry_run=true&code_property=gid&name_property=label", file, admin);
  ASSERT_EQ(check->status, 200) << check->body;
  const auto report = boost::json::parse(check->body);
  EXPECT_EQ(report.at("features").as_int64(), 3);
  EXPECT_EQ(report.at("accepted").as_int64(), 2);
  ASSERT_EQ(report.at("rejected").as_array().size(), 1u);
  EXPECT_EQ(report.at("rejected").at(0).at("feature").as_int64(), 2);
  EXPECT_NE(boost::json::serialize(report.at("rejected").at(0).at("reasons")).find("Point is not Polygon"),
            std::string::npos);
  EXPECT_FALSE(report.at("written").as_bool());
  EXPECT_EQ(report.at("grids_stored").as_int64(), 0);
  EXPECT_TRUE(locate().is_null());  // a check writes nothing

  // Strict refuses the whole file for the one bad feature.
  const auto strict = boost::json::parse(import("?strict=true&code_property=gid", file, admin)->body);
  EXPECT_TRUE(strict.at("refused").as_bool());
  EXPECT_FALSE(strict.at("written").as_bool());
  EXPECT_TRUE(locate().is_null());

  const auto applied = import("?code_property=gid&name_property=label", file, admin, "application/geo+json");
  ASSERT_EQ(applied->status, 200) << applied->body;
  const auto written = boost::json::parse(applied->body);
  EXPECT_TRUE(written.at("written").as_bool());
  EXPECT_EQ(written.at("grids_stored").as_int64(), 2);
  EXPECT_EQ(locate().at("name").as_string(), "古槐一号");

  // Who may, and what is refused without changing anything.
  EXPECT_EQ(import("?dry_run=true", file, supervisor)->status, 403);
  EXPECT_EQ(import("", file, admin, "text/plain")->status, 415);
  EXPECT_EQ(import("", R"({"type":)", admin)->status, 422);
  EXPECT_EQ(import("", R"({"type":"Feature"})", admin)->status, 422);
  EXPECT_EQ(import("?dry_run=maybe", file, admin)->status, 422);
  EXPECT_EQ(import("?code_property=", file, admin)->status, 422);
  const auto after = test::http_request(server.port(), "GET", "/api/v1/grids", {admin});
  EXPECT_EQ(boost::json::parse(after->body).at("features").as_array().size(), 2u);
}

TEST(RoutingApi, SuggestNamesTheRuleOrTheFallbackAndRefusesBadInput) {
  const auto dir = test::temp_dir("ug-routing-api");
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(test::run_urbangrid({"grid", "import", write_file(dir, "ab.geojson", cells_geojson(false)), "--db", db,
                                 "--code-property", "gid"})
                .exit_code,
            0);
  ASSERT_EQ(test::run_urbangrid({"org", "add", "--db", db, "--id", "JD", "--name", "古槐街道办事处", "--kind",
                                 "street_office", "--street", "370811001"})
                .exit_code,
            0);
  ASSERT_EQ(test::run_urbangrid({"org", "add", "--db", db, "--id", "SZ", "--name", "市政处", "--kind", "department"})
                .exit_code,
            0);
  ASSERT_EQ(test::run_urbangrid({"rule", "add", "--db", db, "--department", "SZ", "--major", "01", "--limit", "2",
                                 "--unit", "natural_hours"})
                .exit_code,
            0);
  test::ServerProcess server(db);
  ASSERT_TRUE(server.ready()) << server.log();
  const auto staff = test::bearer_for(db, "dispatcher", {"dispatcher"}, {"370811"});
  const auto get = [&](const std::string& target) { return test::http_request(server.port(), "GET", target, {staff}); };

  const auto rule = get("/api/v1/routing/suggest?category=01001&lon=116.5305&lat=35.4505");
  ASSERT_EQ(rule->status, 200) << rule->body;
  const auto r = boost::json::parse(rule->body);
  EXPECT_EQ(r.at("department").at("id").as_string(), "SZ");
  EXPECT_EQ(r.at("limit").at("unit").as_string(), "natural_hours");
  EXPECT_EQ(r.at("rule").at("major_code").as_string(), "01");
  EXPECT_FALSE(r.at("fallback").as_bool());
  EXPECT_EQ(r.at("grid").as_string(), "37081100100100A");

  const auto fallback = get("/api/v1/routing/suggest?category=06001&lon=116.5305&lat=35.4505&urgency=critical");
  const auto f = boost::json::parse(fallback->body);
  EXPECT_EQ(f.at("department").at("name").as_string(), "古槐街道办事处");
  EXPECT_TRUE(f.at("fallback").as_bool());
  EXPECT_TRUE(f.at("rule").is_null());

  for (const char* bad : {"/api/v1/routing/suggest?category=06001&lat=35.45",
                          "/api/v1/routing/suggest?category=06001&lon=116.53&lat=35.45&urgency=asap",
                          "/api/v1/routing/suggest?category=99999&lon=116.53&lat=35.45",
                          "/api/v1/routing/suggest?lon=116.53&lat=35.45"}) {
    const auto reply = get(bad);
    EXPECT_EQ(reply->status, 422) << bad << " " << reply->body;
  }
}

TEST(RoutingApi, RulesAndUnitsAreMaintainedOverHttpAndTheTesterFollowsThem) {
  const auto dir = test::temp_dir("ug-rules-api");
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(test::run_urbangrid({"grid", "import", write_file(dir, "ab.geojson", cells_geojson(false)), "--db", db,
                                 "--code-property", "gid"})
                .exit_code,
            0);
  test::ServerProcess server(db);
  ASSERT_TRUE(server.ready()) << server.log();
  const auto admin = test::bearer_for(db, "rules-admin", {"admin"});
  const auto dispatcher = test::bearer_for(db, "rules-dispatcher", {"dispatcher"}, {"370811"});
  const auto send = [&](const std::string& method, const std::string& target, const std::string& body,
                        const std::pair<std::string, std::string>& who) {
    return test::http_request(server.port(), method, target, {who, {"content-type", "application/json"}}, body);
  };
  const auto suggest = [&] {
    const auto r = test::http_request(server.port(), "GET",
                                      "/api/v1/routing/suggest?category=01001&lon=116.5305&lat=35.4505", {dispatcher});
    return boost::json::parse(r->body);
  };

  ASSERT_EQ(send("PUT", "/api/v1/org-units/JD",
                 R"({"name":"古槐街道办事处","kind":"street_office","street_code":"370811001"})", admin)
                ->status,
            200);
  ASSERT_EQ(send("PUT", "/api/v1/org-units/SZ", R"({"name":"市政处","kind":"department"})", admin)->status, 200);
  EXPECT_TRUE(suggest().at("fallback").as_bool());

  // A street-wide rule for the major class, then a sharper one for the grid: the sharper wins.
  const auto street = send("POST", "/api/v1/routing/rules",
                           R"({"major_code":"01","area_prefix":"370811001","department_id":"SZ",
                               "limit":{"value":2,"unit":"working_days"}})",
                           admin);
  ASSERT_EQ(street->status, 201) << street->body;
  EXPECT_EQ(suggest().at("rule").at("id").as_int64(), boost::json::parse(street->body).at("id").as_int64());
  const auto grid = send("POST", "/api/v1/routing/rules",
                         R"({"matter_code":"01001","area_prefix":"37081100100100A","urgency":"normal",
                             "department_id":"JD","limit":{"value":4,"unit":"working_hours"}})",
                         admin);
  ASSERT_EQ(grid->status, 201) << grid->body;
  const auto grid_id = boost::json::parse(grid->body).at("id").as_int64();
  const auto sharp = suggest();
  EXPECT_EQ(sharp.at("rule").at("id").as_int64(), grid_id);
  EXPECT_EQ(sharp.at("department").at("id").as_string(), "JD");
  EXPECT_EQ(sharp.at("limit").at("value").as_int64(), 4);

  const auto listed =
      boost::json::parse(test::http_request(server.port(), "GET", "/api/v1/routing/rules", {dispatcher})->body);
  ASSERT_EQ(listed.at("rules").as_array().size(), 2u);
  EXPECT_EQ(listed.at("rules").at(1).at("department_id").as_string(), "JD");
  EXPECT_EQ(listed.at("rules").at(1).at("urgency").as_string(), "normal");

  // Removing the sharp rule hands the place back to the street-wide one; twice is 404.
  EXPECT_EQ(send("DELETE", "/api/v1/routing/rules/" + std::to_string(grid_id), "", admin)->status, 204);
  EXPECT_EQ(suggest().at("department").at("id").as_string(), "SZ");
  EXPECT_EQ(send("DELETE", "/api/v1/routing/rules/" + std::to_string(grid_id), "", admin)->status, 404);
  EXPECT_EQ(send("DELETE", "/api/v1/routing/rules/abc", "", admin)->status, 404);

  // A unit switched off leaves the dispatcher's list but stays in the admin's.
  ASSERT_EQ(
      send("PUT", "/api/v1/org-units/SZ", R"({"name":"市政处","kind":"department","active":false})", admin)->status,
      200);
  const auto units = [&](const std::string& query) {
    return boost::json::serialize(
        boost::json::parse(test::http_request(server.port(), "GET", "/api/v1/org-units" + query, {admin})->body));
  };
  EXPECT_EQ(units("").find("市政处"), std::string::npos);
  EXPECT_NE(units("?include_inactive=true").find("市政处"), std::string::npos);

  // Refused, each with 422 and nothing stored.
  for (const char* bad :
       {R"({"department_id":"SZ"})",                                               // no limit
        R"({"department_id":"SZ","limit":{"value":0,"unit":"working_hours"}})",    // not positive
        R"({"department_id":"SZ","limit":{"value":2,"unit":"fortnights"}})",       // no such unit
        R"({"department_id":"NOPE","limit":{"value":2,"unit":"working_hours"}})",  // no such unit
        R"({"department_id":"SZ","matter_code":"01001","major_code":"01","limit":{"value":2,"unit":"working_hours"}})",
        R"({"department_id":"SZ","urgency":"asap","limit":{"value":2,"unit":"working_hours"}})",
        R"({"department_id":"SZ","area_prefix":"37x","limit":{"value":2,"unit":"working_hours"}})"}) {
    EXPECT_EQ(send("POST", "/api/v1/routing/rules", bad, admin)->status, 422) << bad;
  }
  EXPECT_EQ(send("PUT", "/api/v1/org-units/X", R"({"name":"","kind":"department"})", admin)->status, 422);
  EXPECT_EQ(send("PUT", "/api/v1/org-units/X", R"({"name":"某","kind":"street_office"})", admin)->status, 422);
  EXPECT_EQ(send("POST", "/api/v1/routing/rules",
                 R"({"department_id":"SZ","limit":{"value":2,"unit":"working_hours"}})", dispatcher)
                ->status,
            403);
  const auto after =
      boost::json::parse(test::http_request(server.port(), "GET", "/api/v1/routing/rules", {admin})->body);
  EXPECT_EQ(after.at("rules").as_array().size(), 1u);
}

}  // namespace
}  // namespace ug
