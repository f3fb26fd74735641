// The API tests' record of what the real binary answered, for the contract check: when
// UG_RESPONSE_LOG names a folder (ctest sets it for the api tier), every JSON reply a test reads
// from a server started by ServerProcess is appended there with the request that got it, and the
// server's OpenAPI file is saved beside them. After the tier, check_api_responses.py validates each
// reply against the schema its route publishes, so a field the server sends but does not declare
// (or declares but does not send) fails the run.
#pragma once

#include <string>

#include "support/http_client.hpp"

namespace ug::test {

// A server of the binary under test listens on `port` (ServerProcess calls it once it is ready).
void watch_contract_of(int port);

// Records `reply` to `method target` on `port` when that port is watched and the log is on.
void record_reply(int port, const std::string& method, const std::string& target, const HttpReply& reply);

}  // namespace ug::test
