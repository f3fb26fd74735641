// Photos over HTTP on the demo city: a supervisor's photo with EXIF GPS suggests the place and
// joins a report as a before-photo; staff read the original, thumbnails come upright and cached;
// the public uploads without an account and sees only copies without EXIF; fake-typed, oversize,
// malformed and over-budget uploads are refused with nothing written.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>

#include "media/image_format.hpp"
#include "support/http_client.hpp"
#include "support/photo_fixtures.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

namespace json = boost::json;
using Header = std::pair<std::string, std::string>;

// In grid 370811002001001 of the demo city (as in case_api_test).
constexpr media::GpsPosition kOnSite{116.5301, 35.3706};

class AttachmentApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = test::temp_dir("ug-attachment-api");
    db_ = new std::string((dir / "a.db").string());
    photos_dir_ = new std::filesystem::path(dir / "photos");
    ASSERT_EQ(test::run_urbangrid({"demo", "create", "--db", *db_, "--data", (test::source_dir() / "data").string()})
                  .exit_code,
              0);
    server_ = new test::ServerProcess(
        *db_, {"--set", "attachments.max_megabytes=1", "--set", "attachments.public_uploads_per_minute_per_address=4",
               "--set", "attachments.dir=" + photos_dir_->string()});
    ASSERT_TRUE(server_->ready()) << server_->log();
    supervisor_ = new Header(test::bearer_for(*db_, "photo-supervisor", {"supervisor"}, {"370811"}));
    operator_ = new Header(test::bearer_for(*db_, "photo-operator", {"operator"}, {"370811"}));
    leader_ = new Header(test::bearer_for(*db_, "photo-leader", {"leader"}, {"370811"}));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete photos_dir_;
    delete supervisor_;
    delete operator_;
    delete leader_;
  }

  static test::HttpReply post(const std::string& target, std::vector<Header> headers, const std::string& content_type,
                              const std::string& body) {
    headers.emplace_back("content-type", content_type);
    auto r = test::http_request(server_->port(), "POST", target, headers, body);
    EXPECT_TRUE(r);
    return r ? *r : test::HttpReply{};
  }
  static test::HttpReply get(const std::string& target, std::vector<Header> headers = {}) {
    auto r = test::http_request(server_->port(), "GET", target, headers);
    EXPECT_TRUE(r);
    return r ? *r : test::HttpReply{};
  }
  static json::value body_of(const test::HttpReply& r) {
    std::error_code ec;
    return json::parse(r.body, ec);
  }
  static std::int64_t rows() {
    sqlite3* handle = nullptr;
    sqlite3_open(db_->c_str(), &handle);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(handle, "SELECT count(*) FROM attachments", -1, &statement, nullptr);
    sqlite3_step(statement);
    const auto n = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(handle);
    return n;
  }

  static std::string* db_;
  static std::filesystem::path* photos_dir_;
  static test::ServerProcess* server_;
  static Header *supervisor_, *operator_, *leader_;
};
std::string* AttachmentApi::db_ = nullptr;
std::filesystem::path* AttachmentApi::photos_dir_ = nullptr;
test::ServerProcess* AttachmentApi::server_ = nullptr;
Header* AttachmentApi::supervisor_ = nullptr;
Header* AttachmentApi::operator_ = nullptr;
Header* AttachmentApi::leader_ = nullptr;

TEST_F(AttachmentApi, ASupervisorsPhotoSuggestsThePlaceAndJoinsTheReport) {
  const auto original =
      test::jpeg_with_exif(test::picture(media::ImageType::jpeg, 800, 600), test::exif_tiff(kOnSite, 6));
  const auto upload = test::multipart_upload(original, "IMG_2041.JPG");
  const auto created = post("/api/v1/attachments", {*supervisor_}, upload.content_type, upload.body);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto photo = body_of(created);
  const std::string id(photo.at("id").as_string());
  EXPECT_EQ(created.header("location"), "/api/v1/attachments/" + id);
  EXPECT_EQ(photo.at("media_type").as_string(), "image/jpeg");
  EXPECT_EQ(photo.at("width").as_int64(), 800);
  EXPECT_NEAR(photo.at("gps").at("lon").as_double(), kOnSite.lon, 1e-6);
  EXPECT_NEAR(photo.at("gps").at("lat").as_double(), kOnSite.lat, 1e-6);
  EXPECT_TRUE(photo.at("case_id").is_null());
  // Unbound, it is the uploader's alone.
  EXPECT_EQ(get("/api/v1/attachments/" + id, {*supervisor_}).status, 200);
  EXPECT_EQ(get("/api/v1/attachments/" + id, {*operator_}).status, 404);

  // The report takes the place the photo suggests.
  json::object report{{"description", "井盖破损"},
                      {"category", "01001"},
                      {"lon", photo.at("gps").at("lon")},
                      {"lat", photo.at("gps").at("lat")},
                      {"attachments", json::array{json::string(id)}}};
  const auto reported = post("/api/v1/cases", {*supervisor_}, "application/json", json::serialize(report));
  ASSERT_EQ(reported.status, 201) << reported.body;
  const auto reported_case = body_of(reported);
  EXPECT_EQ(reported_case.at("grid").as_string(), "370811002001001");
  ASSERT_EQ(reported_case.at("attachments").as_array().size(), 1u);
  EXPECT_EQ(reported_case.at("attachments").as_array()[0].at("role").as_string(), "before");
  const std::string case_id(reported_case.at("id").as_string());
  // A photo belongs to one case.
  EXPECT_EQ(post("/api/v1/cases", {*supervisor_}, "application/json", json::serialize(report)).status, 422);

  // Bound, whoever sees the case sees the photo: the original byte for byte, an upright thumbnail.
  EXPECT_EQ(get("/api/v1/attachments/" + id, {*operator_}).status, 200);
  const auto full = get("/api/v1/attachments/" + id + "/content", {*operator_});
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.header("content-type"), "image/jpeg");
  EXPECT_EQ(full.body, original);
  const auto thumb = get("/api/v1/attachments/" + id + "/content?variant=thumbnail", {*operator_});
  ASSERT_EQ(thumb.status, 200);
  const auto thumb_header = media::read_header(thumb.body).value();
  EXPECT_EQ(thumb_header.width, 240u);  // 800×600 turned a quarter (orientation 6), longer side 320
  EXPECT_EQ(thumb_header.height, 320u);
  const auto etag = thumb.header("etag");
  EXPECT_EQ(
      get("/api/v1/attachments/" + id + "/content?variant=thumbnail", {*operator_, {"if-none-match", etag}}).status,
      304);
  EXPECT_EQ(get("/api/v1/attachments/" + id + "/content?variant=raw", {*operator_}).status, 422);
  EXPECT_EQ(get("/api/v1/cases/" + case_id, {*operator_}).status, 200);
  EXPECT_EQ(get("/api/v1/attachments/" + id, {test::bearer_for(*db_, "far-away", {"operator"}, {"370812"})}).status,
            404);
  // The file is stored once, by content.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*photos_dir_)) {
    files += entry.is_regular_file() && entry.path().filename().string().ends_with(".orig") ? 1 : 0;
  }
  EXPECT_GE(files, 1u);
}

TEST_F(AttachmentApi, FakeOversizeAndMalformedUploadsAreRefusedWithNothingWritten) {
  const auto before = rows();
  const auto status_of = [&](const std::string& content_type, const std::string& body) {
    return post("/api/v1/attachments", {*supervisor_}, content_type, body).status;
  };
  // A text file with a .jpg name and an image/jpeg label: the bytes decide.
  const auto fake = test::multipart_upload("just some text pretending", "photo.jpg", "image/jpeg");
  EXPECT_EQ(status_of(fake.content_type, fake.body), 415);
  const auto pdf = post("/api/v1/attachments", {*supervisor_}, "image/png", "%PDF-1.7 a document");
  EXPECT_EQ(pdf.status, 415);
  EXPECT_NE(body_of(pdf).at("error").at("message").as_string().find("JPEG"), std::string::npos);
  // A real JPEG head on a truncated body.
  const auto jpeg = test::picture(media::ImageType::jpeg, 64, 48);
  EXPECT_EQ(status_of("image/jpeg", jpeg.substr(0, 30)), 422);
  // Over 1 MiB: refused by the service inside the envelope allowance, by the server beyond it.
  const std::string big = jpeg + std::string(1024 * 1024, '\0');
  EXPECT_EQ(status_of("image/jpeg", big), 413);
  EXPECT_EQ(status_of("image/jpeg", jpeg + std::string(2 * 1024 * 1024, '\0')), 413);
  // Broken framing, no file field, a JSON body.
  EXPECT_EQ(status_of("multipart/form-data; boundary=XX", "--XX\r\nno headers end"), 400);
  EXPECT_EQ(status_of("multipart/form-data; boundary=XX",
                      "--XX\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XX--"),
            422);
  EXPECT_EQ(status_of("application/json", R"({"file":"base64?"})"), 415);
  EXPECT_EQ(rows(), before);
  // Only roles that take photos may upload.
  const auto real = test::multipart_upload(jpeg);
  EXPECT_EQ(post("/api/v1/attachments", {*leader_}, real.content_type, real.body).status, 403);
  EXPECT_EQ(post("/api/v1/attachments", {}, real.content_type, real.body).status, 401);
  // A bare image body works as well as multipart.
  EXPECT_EQ(status_of("image/png", test::picture(media::ImageType::png, 40, 30)), 201);
  EXPECT_EQ(rows(), before + 1);
}

TEST_F(AttachmentApi, ThePublicSeesCopiesWithoutExifThroughItsTrackingCode) {
  const auto original = test::jpeg_with_exif(test::picture(media::ImageType::jpeg, 400, 300), test::exif_tiff(kOnSite));
  const auto upload = test::multipart_upload(original);
  const auto created = post("/api/v1/public/attachments", {}, upload.content_type, upload.body);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto photo = body_of(created);
  const std::string id(photo.at("id").as_string());
  EXPECT_NEAR(photo.at("gps").at("lon").as_double(), kOnSite.lon, 1e-6);
  EXPECT_FALSE(photo.as_object().contains("uploader"));
  // Staff tokens cannot take a public upload for their own report.
  json::object report{{"description", "路灯不亮"},
                      {"lon", kOnSite.lon},
                      {"lat", kOnSite.lat},
                      {"attachments", json::array{json::string(id)}}};
  EXPECT_EQ(post("/api/v1/cases", {*supervisor_}, "application/json", json::serialize(report)).status, 422);
  const auto reported = post("/api/v1/public/cases", {}, "application/json", json::serialize(report));
  ASSERT_EQ(reported.status, 201) << reported.body;
  const std::string code(body_of(reported).at("tracking_code").as_string());

  const auto progress = body_of(get("/api/v1/public/cases/" + code));
  ASSERT_EQ(progress.at("attachments").as_array().size(), 1u);
  const std::string url(progress.at("attachments").as_array()[0].at("url").as_string());
  const auto copy = get(url);
  ASSERT_EQ(copy.status, 200);
  EXPECT_EQ(copy.header("content-type"), "image/jpeg");
  EXPECT_EQ(media::read_header(copy.body).value().width, 400u);
  EXPECT_TRUE(media::exif_block(copy.body, media::ImageType::jpeg).empty());
  EXPECT_EQ(copy.body.find("Exif"), std::string::npos);
  EXPECT_NE(original.find("Exif"), std::string::npos);
  EXPECT_EQ(get("/api/v1/public/cases/" + code + "/attachments/" + id + "?variant=original").status, 422);
  EXPECT_EQ(get("/api/v1/public/cases/" + code + "/attachments/NOSUCHPHOTO").status, 404);
  EXPECT_EQ(get("/api/v1/public/cases/NOSUCHCODE/attachments/" + id).status, 404);
  // Staff in scope see the original with its EXIF.
  EXPECT_EQ(get("/api/v1/attachments/" + id + "/content", {*operator_}).body, original);

  // The public upload budget: 4 a minute per address (one used above).
  int refused = 0;
  for (int i = 0; i < 5; ++i) {
    const auto r = post("/api/v1/public/attachments", {}, upload.content_type, upload.body);
    if (r.status == 429) {
      ++refused;
      EXPECT_FALSE(r.header("retry-after").empty());
    }
  }
  EXPECT_GE(refused, 2);
}

}  // namespace
}  // namespace ug
