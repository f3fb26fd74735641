// One JSON API call for the api tests: the request (with its content type when it has a body) and
// the reply's status and parsed body (null when the body is not JSON).
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "support/http_client.hpp"

namespace ug::test {

struct JsonReply {
  int status = 0;
  boost::json::value body;
};

inline JsonReply json_request(int port, const std::string& method, const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& body = {}) {
  auto all = headers;
  if (!body.empty()) all.emplace_back("content-type", "application/json");
  const auto r = http_request(port, method, target, all, body);
  EXPECT_TRUE(r) << method << " " << target << ": no reply";
  if (!r) return {};
  std::error_code ec;
  return {r->status, boost::json::parse(r->body, ec)};
}

}  // namespace ug::test
