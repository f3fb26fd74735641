// Issue 22 §9 through the real binary: `urbangrid tls self-signed` makes a pair a browser can be
// told to trust, the server speaks HTTPS with it (TLS 1.2 and later only, Secure session cookies),
// picks up a renewed pair without a restart, keeps the old one when the new files are broken, and
// refuses to start with half a configuration.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

struct TlsReply {
  bool handshake = false;
  std::string serial;    // of the certificate the server presented
  std::string response;  // the HTTP answer as sent
};

std::string serial_of(X509* cert) {
  BIGNUM* n = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr);
  char* hex = BN_bn2hex(n);
  std::string out(hex);
  OPENSSL_free(hex);
  BN_free(n);
  return out;
}

std::string serial_of_file(const std::filesystem::path& pem) {
  FILE* f = std::fopen(pem.c_str(), "rb");
  if (f == nullptr) return {};
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (cert == nullptr) return {};
  auto out = serial_of(cert);
  X509_free(cert);
  return out;
}

// One request over TLS to 127.0.0.1:port, trusting `ca` and checking the name "localhost".
TlsReply tls_request(int port, const std::filesystem::path& ca, const std::string& request, int max_version = 0) {
  TlsReply out;
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(ctx, ca.c_str(), nullptr);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  if (max_version) {
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx, max_version);
    SSL_CTX_set_security_level(ctx, 0);  // let the client offer the old version at all
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    SSL* ssl = SSL_new(ctx);
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>("localhost"));
    SSL_set1_host(ssl, "localhost");
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) == 1) {
      out.handshake = true;
      if (X509* peer = SSL_get1_peer_certificate(ssl)) {
        out.serial = serial_of(peer);
        X509_free(peer);
      }
      SSL_write(ssl, request.data(), static_cast<int>(request.size()));
      char buffer[4096];
      for (int n; (n = SSL_read(ssl, buffer, sizeof buffer)) > 0;)
        out.response.append(buffer, static_cast<std::size_t>(n));
    }
    SSL_free(ssl);
  }
  ERR_clear_error();
  ::close(fd);
  SSL_CTX_free(ctx);
  return out;
}

TlsReply tls_get(int port, const std::filesystem::path& ca, const std::string& path) {
  return tls_request(port, ca, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
}

TEST(Tls, ASelfSignedPairServesHttpsAndARenewedOneNeedsNoRestart) {
  const auto dir = test::temp_dir("ug-tls");
  const auto db = (dir / "c.db").string();
  const auto certs = dir / "tls";
  const auto made = test::run_urbangrid(
      {"tls", "self-signed", "--out", certs.string(), "--name", "ug-pilot.lan", "--name", "192.168.10.5"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("DNS:ug-pilot.lan"), std::string::npos) << made.out;
  EXPECT_NE(made.out.find("IP:192.168.10.5"), std::string::npos) << made.out;
  struct stat key_mode {};
  ASSERT_EQ(::stat((certs / "key.pem").c_str(), &key_mode), 0);
  EXPECT_EQ(key_mode.st_mode & 0777, 0600u);  // the key is the owner's alone
  EXPECT_EQ(test::run_urbangrid({"tls", "self-signed", "--out", certs.string(), "--name", "bad name"}).exit_code, 2);

  ASSERT_EQ(test::run_urbangrid({"migrate", "--db", db}).exit_code, 0);
  ASSERT_EQ(test::run_urbangrid({"user", "bootstrap", "--db", db}).exit_code, 0);
  test::ServerProcess server(
      db, {"--set", "server.tls_certificate=" + (certs / "cert.pem").string(), "--set",
           "server.tls_private_key=" + (certs / "key.pem").string(), "--set", "server.tls_reload_interval_ms=100"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto first = serial_of_file(certs / "cert.pem");
  auto reply = tls_get(server.port(), certs / "cert.pem", "/healthz");
  ASSERT_TRUE(reply.handshake) << server.log();
  EXPECT_EQ(reply.serial, first);
  EXPECT_EQ(reply.response.substr(0, 15), "HTTP/1.1 200 OK") << reply.response;

  // A refused sign-in still shows the cookie rule: over HTTPS the session cookie is Secure.
  const std::string body = R"({"username":"nobody","password":"wrong-password"})";
  reply = tls_request(server.port(), certs / "cert.pem",
                      "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                      "Content-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(reply.response.substr(0, 12), "HTTP/1.1 401") << reply.response;
  EXPECT_NE(server.log().find("serving https://"), std::string::npos);

  // TLS 1.1 is refused; plain HTTP is told, in both languages, to use https://.
  EXPECT_FALSE(tls_request(server.port(), certs / "cert.pem", "GET / HTTP/1.1\r\n\r\n", TLS1_1_VERSION).handshake);
  const auto plain = test::http_request(server.port(), "GET", "/healthz");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 400);
  EXPECT_NE(plain->body.find("请用 https:// 打开"), std::string::npos) << plain->body;
  EXPECT_NE(plain->body.find("open it with https://"), std::string::npos) << plain->body;

  // Renewed in place: new connections get the new certificate, without a restart.
  ASSERT_EQ(test::run_urbangrid({"tls", "self-signed", "--out", certs.string()}).exit_code, 0);
  const auto second = serial_of_file(certs / "cert.pem");
  ASSERT_NE(second, first);
  std::string served;
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
       std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(std::chrono::milliseconds(50))) {
    served = tls_get(server.port(), certs / "cert.pem", "/healthz").serial;
    if (served == second) break;
  }
  EXPECT_EQ(served, second) << server.log();

  // Broken files: the server says so and keeps serving with the pair it has.
  std::filesystem::copy_file(certs / "cert.pem", dir / "second.pem");
  std::ofstream(certs / "cert.pem") << "-----BEGIN CERTIFICATE-----\nnot a certificate\n";
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
       std::chrono::steady_clock::now() < until && server.log().find("does not load") == std::string::npos;
       std::this_thread::sleep_for(std::chrono::milliseconds(50))) {
  }
  EXPECT_NE(server.log().find("connections keep the previous pair"), std::string::npos) << server.log();
  const auto kept = tls_get(server.port(), dir / "second.pem", "/healthz");
  EXPECT_TRUE(kept.handshake);
  EXPECT_EQ(kept.serial, second);
  // A client that opened a connection and never said hello does not hold up a shutdown.
  test::HttpConnection silent(server.port());
  ASSERT_TRUE(silent.connected());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_EQ(server.terminate(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(5)) << server.log();
}

TEST(Tls, HalfAConfigurationOrAMissingFileRefusesToStart) {
  const auto dir = test::temp_dir("ug-tls-half");
  const auto db = (dir / "c.db").string();
  ASSERT_EQ(test::run_urbangrid({"migrate", "--db", db}).exit_code, 0);
  const auto half = test::run_urbangrid(
      {"serve", "--db", db, "--port", "0", "--set", "server.tls_certificate=" + (dir / "cert.pem").string()});
  EXPECT_NE(half.exit_code, 0);
  EXPECT_NE((half.out + half.err).find("server.tls_private_key"), std::string::npos) << half.out << half.err;
  const auto missing = test::run_urbangrid({"serve", "--db", db, "--port", "0", "--set",
                                            "server.tls_certificate=" + (dir / "none.pem").string(), "--set",
                                            "server.tls_private_key=" + (dir / "none.key").string()});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE((missing.out + missing.err).find("none.pem"), std::string::npos) << missing.out << missing.err;
}

}  // namespace
}  // namespace ug
