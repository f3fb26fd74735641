// Issue 22 §1 through the real binary: the demo city's synthetic gazetteer finds a typed address
// (full-width digits, an alias, a crossing, a school by name), names the point of a case, keeps to
// the caller's region, and takes an office's address file over HTTP (check first, then write) and
// from another process, which the running server picks up without a restart.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <cctype>
#include <chrono>
#include <fstream>
#include <thread>

#include "support/json_request.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

namespace json = boost::json;
using Header = std::pair<std::string, std::string>;

std::string text(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

std::string encoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

json::array places(int port, const Header& who, const std::string& q) {
  const auto r = test::json_request(port, "GET", "/api/v1/places?q=" + encoded(q), {who});
  EXPECT_EQ(r.status, 200) << json::serialize(r.body);
  return r.status == 200 ? r.body.at("places").as_array() : json::array{};
}

test::JsonReply post_csv(int port, const Header& who, const std::string& target, const std::string& csv) {
  const auto r = test::http_request(port, "POST", target, {who, {"content-type", "text/csv; charset=utf-8"}}, csv);
  if (!r) return {};
  boost::system::error_code ec;
  return {r->status, json::parse(r->body, ec)};
}

TEST(Gazetteer, ADemoCityFindsAddressesNamesCasesAndTakesAnOfficesFile) {
  const auto dir = test::temp_dir("ug-gazetteer");
  const auto db = (dir / "c.db").string();
  const auto made =
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("24 条道路"), std::string::npos) << made.out;
  test::ServerProcess server(db, {"--set", "grids.refresh_interval_ms=100"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto port = server.port();
  const auto seat = test::bearer_for(db, "gz-seat", {"operator"});
  const auto admin = test::bearer_for(db, "gz-admin", {"admin"});
  const auto elsewhere = test::bearer_for(db, "gz-elsewhere", {"leader"}, {"370812"});
  const auto crew = test::bearer_for(db, "gz-crew", {"handler"});

  // A typed address with full-width digits and the province, city and district before it.
  auto found = places(port, seat, "山东省济宁市任城区育才路１５号");
  ASSERT_FALSE(found.empty());
  const auto& best = found[0];
  EXPECT_EQ(text(best, "kind"), "address");
  EXPECT_EQ(text(best, "label"), "育才路15号");
  EXPECT_DOUBLE_EQ(best.at("score").to_number<double>(), 1.0);
  EXPECT_TRUE(best.at("synthetic").as_bool());
  ASSERT_TRUE(best.at("grid").is_object());
  EXPECT_EQ(text(best, "code"), text(best.at("grid"), "code"));
  EXPECT_EQ(text(best, "code").substr(0, 6), "370811");
  const double lon = best.at("point").at("lon").to_number<double>(),
               lat = best.at("point").at("lat").to_number<double>();

  // An alias and a crossing; a school by its name; a number nobody recorded.
  found = places(port, seat, "建设大道与东风街交叉口");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(text(found[0], "kind"), "intersection");
  EXPECT_EQ(text(found[0], "label"), "建设路与东风街交叉口");
  found = places(port, seat, "育才小学门口垃圾满溢");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(text(found[0], "kind"), "building");
  EXPECT_EQ(text(found[0], "building"), "育才小学");
  found = places(port, seat, "育才路999号");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(text(found[0], "kind"), "nearest_number");
  EXPECT_LT(found[0].at("score").to_number<double>(), 1.0);

  // The point's name, and a case placed there carries it.
  const std::string at = "lon=" + std::to_string(lon) + "&lat=" + std::to_string(lat);
  auto named = test::json_request(port, "GET", "/api/v1/places/reverse?" + at, {seat});
  ASSERT_EQ(named.status, 200);
  EXPECT_EQ(text(named.body, "label"), "育才路15号");
  EXPECT_LT(named.body.at("address").at("distance_m").to_number<double>(), 1.0);
  const auto reported = test::json_request(
      port, "POST", "/api/v1/cases", {seat},
      R"({"description":"井盖缺失","lon":)" + std::to_string(lon + 0.0001) + R"(,"lat":)" + std::to_string(lat) + "}");
  ASSERT_EQ(reported.status, 201) << json::serialize(reported.body);
  EXPECT_EQ(text(reported.body, "place"), "育才路15号");
  const auto listed = test::json_request(port, "GET", "/api/v1/cases", {seat});
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(text(listed.body.at("cases").at(0), "place"), "育才路15号");
  const auto far = test::json_request(port, "GET", "/api/v1/places/reverse?lon=100&lat=30", {seat});
  EXPECT_EQ(text(far.body, "label"), "");
  EXPECT_TRUE(far.body.at("address").is_null());

  // Another district's leader finds nothing of this one, and its points have no name for them.
  EXPECT_TRUE(places(port, elsewhere, "育才路15号").empty());
  EXPECT_EQ(text(test::json_request(port, "GET", "/api/v1/places/reverse?" + at, {elsewhere}).body, "label"), "");

  // Refused cheaply: an empty or overlong query, an import by a crew member, a file that is not
  // CSV or GeoJSON, a file without its columns, a mapping to no field.
  EXPECT_EQ(test::json_request(port, "GET", "/api/v1/places?q=", {seat}).status, 422);
  EXPECT_EQ(test::json_request(port, "GET", "/api/v1/places?q=" + std::string(201, 'x'), {seat}).status, 422);
  const std::string file = "路名,门牌,名称,经度,纬度\n育才路,１０１号,任城区图书馆,116.5901,35.4101\n,,,116.59,35.41\n";
  const std::string mapped =
      "/api/v1/gazetteer/addresses?column=road%3D%E8%B7%AF%E5%90%8D&column=number%3D%E9%97%A8%E7%89%8C"
      "&column=building%3D%E5%90%8D%E7%A7%B0&column=lon%3D%E7%BB%8F%E5%BA%A6&column=lat%3D%E7%BA%AC%E5%BA%A6";
  EXPECT_EQ(post_csv(port, crew, mapped, file).status, 403);
  EXPECT_EQ(test::http_request(port, "POST", mapped, {admin, {"content-type", "text/plain"}}, file)->status, 415);
  EXPECT_EQ(post_csv(port, admin, "/api/v1/gazetteer/addresses", file).status, 422);
  EXPECT_EQ(post_csv(port, admin, mapped + "&column=street%3Dx", file).status, 422);

  // Checked first: the report, and nothing written.
  const auto checked = post_csv(port, admin, mapped + "&dry_run=true", file);
  ASSERT_EQ(checked.status, 200) << json::serialize(checked.body);
  EXPECT_EQ(checked.body.at("rows").as_int64(), 2);
  EXPECT_EQ(checked.body.at("accepted").as_int64(), 1);
  EXPECT_EQ(checked.body.at("refused").at(0).at("reasons").at(0).as_string(), "no_road_or_building");
  EXPECT_FALSE(checked.body.at("written").as_bool());
  EXPECT_EQ(checked.body.at("refused_total").as_int64(), 1);
  const auto stored_before = checked.body.at("addresses_stored").as_int64();
  // A file of many bad rows answers with the first thousand listed and the whole count.
  std::string bad = "road,number,lon,lat\n";
  for (int i = 0; i < 1500; ++i) bad += ",,116.53,35.37\n";
  const auto many = post_csv(port, admin, "/api/v1/gazetteer/addresses?dry_run=true", bad);
  ASSERT_EQ(many.status, 200) << json::serialize(many.body);
  EXPECT_EQ(many.body.at("refused").as_array().size(), 1000u);
  EXPECT_EQ(many.body.at("refused_total").as_int64(), 1500);
  EXPECT_TRUE(places(port, seat, "任城区图书馆").empty());
  // Replacing, or strict, takes a clean file only: this one has a refused row, so nothing is written.
  for (const char* clean_only : {"&replace=true", "&strict=true"}) {
    const auto refused = post_csv(port, admin, mapped + clean_only, file);
    ASSERT_EQ(refused.status, 200) << clean_only;
    EXPECT_FALSE(refused.body.at("written").as_bool()) << clean_only;
    EXPECT_EQ(refused.body.at("addresses_stored").as_int64(), stored_before) << clean_only;
  }
  const auto written = post_csv(port, admin, mapped, file);
  ASSERT_EQ(written.status, 200);
  EXPECT_TRUE(written.body.at("written").as_bool());
  EXPECT_EQ(written.body.at("addresses_stored").as_int64(), stored_before + 1);
  found = places(port, seat, "任城区图书馆");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(text(found[0], "label"), "育才路101号（任城区图书馆）");
  EXPECT_FALSE(found[0].at("synthetic").as_bool());

  // Another process imports; the server finds the new address without a restart.
  const auto csv_path = dir / "more.csv";
  { std::ofstream(csv_path) << "road,number,lon,lat\n东风街,777,116.60,35.3702\n"; }
  const auto cli = test::run_urbangrid({"places", "import-addresses", csv_path.string(), "--db", db});
  ASSERT_EQ(cli.exit_code, 0) << cli.out << cli.err;
  EXPECT_NE(cli.out.find("已写入 1 个地址点"), std::string::npos) << cli.out;
  bool seen = false;
  for (int i = 0; i < 200 && !seen; ++i) {
    const auto r = places(port, seat, "东风街777号");
    seen = !r.empty() && text(r[0], "kind") == "address";
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(seen) << "the server never picked up the other process's import";

  // The shell refuses what the API refuses.
  EXPECT_EQ(test::run_urbangrid({"places", "find", "", "--db", db}).exit_code, 2);
  EXPECT_EQ(test::run_urbangrid({"places", "find", std::string(201, 'x'), "--db", db}).exit_code, 2);
  EXPECT_EQ(test::run_urbangrid({"places", "name", "nan", "nan", "--db", db}).exit_code, 2);
  const auto named_in_shell =
      test::run_urbangrid({"places", "name", std::to_string(lon), std::to_string(lat), "--db", db});
  EXPECT_EQ(named_in_shell.exit_code, 0);
  EXPECT_NE(named_in_shell.out.find("育才路15号"), std::string::npos) << named_in_shell.out;
}

}  // namespace
}  // namespace ug
