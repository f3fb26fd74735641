// `urbangrid tls self-signed`: a certificate and key for a pilot on a LAN, so phones get the secure
// context GPS, service workers and notifications need before the city has a real certificate.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ug::app {

struct SelfSignedArgs {
  std::filesystem::path out_dir = "var/tls";
  std::vector<std::string> names;  // host names and IP addresses the certificate is for
  int days = 397;                  // the longest validity browsers accept for a server certificate
};

// Writes <out>/cert.pem and <out>/key.pem (key readable by the owner only) for `names` plus
// localhost and 127.0.0.1, and prints the two settings that serve HTTPS with them. Exit 0, or 1
// when a file cannot be written, 2 for an unusable name.
int tls_self_signed_command(const SelfSignedArgs& args);

}  // namespace ug::app
