// A self-signed server certificate through OpenSSL: a P-256 key, the names as subjectAltName (what
// browsers match; the common name is ignored), serverAuth only, a random serial.
#include "app/tls_commands.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/commands.hpp"

namespace ug::app {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

bool is_ip_address(const std::string& name) {
  return !name.empty() && (name.find(':') != std::string::npos || std::all_of(name.begin(), name.end(), [](char c) {
                             return (c >= '0' && c <= '9') || c == '.';
                           }));
}

bool usable_name(const std::string& name) {
  return !name.empty() && name.size() <= 253 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == ':' || c == '*';
  });
}

bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool write_pem(const std::filesystem::path& path, mode_t mode, const std::function<int(FILE*)>& write) {
  const auto partial = path.string() + ".partial";
  FILE* f = std::fopen(partial.c_str(), "wb");
  if (f == nullptr) return false;
  ::chmod(partial.c_str(), mode);
  const bool ok = write(f) == 1;
  if (std::fclose(f) != 0 || !ok) return false;
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);  // the server's reload never sees half a file
  return !ec;
}

}  // namespace

int tls_self_signed_command(const SelfSignedArgs& args) {
  std::vector<std::string> names = {"localhost", "127.0.0.1"};
  for (const auto& n : args.names) {
    if (!usable_name(n)) {
      std::cerr << "urbangrid: 不是可用的主机名或 IP 地址：" << n << "\n";
      return kExitUsage;
    }
    if (std::find(names.begin(), names.end(), n) == names.end()) names.insert(names.begin(), n);
  }
  std::string alt;
  for (const auto& n : names) alt += (alt.empty() ? "" : ",") + std::string(is_ip_address(n) ? "IP:" : "DNS:") + n;

  const Key key(EVP_EC_gen("P-256"));
  Certificate cert(X509_new());
  bool ok = key && cert && X509_set_version(cert.get(), 2) == 1;
  unsigned char serial[16];
  ok = ok && RAND_bytes(serial, sizeof serial) == 1;
  serial[0] &= 0x7f;  // a positive serial
  if (ok) {
    BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
    ok = number != nullptr && BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert.get())) != nullptr;
    BN_free(number);
  }
  ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300) != nullptr &&
       X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(args.days) * 86400) != nullptr &&
       X509_set_pubkey(cert.get(), key.get()) == 1;
  if (ok) {
    X509_NAME* subject = X509_get_subject_name(cert.get());
    const auto add = [subject](const char* field, const std::string& value) {
      return X509_NAME_add_entry_by_txt(subject, field, MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) == 1;
    };
    ok = add("O", "UrbanGrid pilot (self-signed)") && add("CN", names.front()) &&
         X509_set_issuer_name(cert.get(), subject) == 1;
  }
  ok = ok && add_extension(cert.get(), NID_subject_alt_name, alt) &&
       add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
       add_extension(cert.get(), NID_key_usage, "critical,digitalSignature") &&
       add_extension(cert.get(), NID_ext_key_usage, "serverAuth") &&
       add_extension(cert.get(), NID_subject_key_identifier, "hash") &&
       X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) {
    std::cerr << "urbangrid: 生成证书失败\n";
    return kExitFailure;
  }

  std::error_code ec;
  std::filesystem::create_directories(args.out_dir, ec);
  const auto cert_path = args.out_dir / "cert.pem";
  const auto key_path = args.out_dir / "key.pem";
  if (ec ||
      !write_pem(key_path, 0600,
                 [&](FILE* f) { return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr); }) ||
      !write_pem(cert_path, 0644, [&](FILE* f) { return PEM_write_X509(f, cert.get()); })) {
    std::cerr << "urbangrid: 无法写入 " << args.out_dir.string() << "\n";
    return kExitFailure;
  }
  std::cout << "已生成自签名证书（" << args.days << " 天，" << alt << "）：\n  " << cert_path.string() << "\n  "
            << key_path.string()
            << "\n以 HTTPS 提供服务：\n  urbangrid serve --set server.tls_certificate=" << cert_path.string()
            << " --set server.tls_private_key=" << key_path.string()
            << "\n浏览器会提示证书不受信任：在试点设备上安装 cert.pem 为受信任证书，或换用正式证书（见 "
               "docs/operations.md）。\n";
  return kExitOk;
}

}  // namespace ug::app
