// Runs the real `urbangrid serve` as a child process on a free loopback port for black-box API
// tests, waits until it answers, and stops it with SIGTERM; and runs one-shot CLI commands.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace ug::test {

class ServerProcess {
 public:
  // `args` are appended after `serve --port N --db DB` (e.g. {"--set", "server.idle_timeout_ms=300"});
  // photos go to a fresh temporary folder unless `args` set attachments.dir.
  ServerProcess(const std::string& db_url, std::vector<std::string> args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  bool ready() const { return ready_; }
  // Sends SIGTERM and waits; returns the exit status (-1 when it had to be killed).
  int terminate(int timeout_ms = 15000);
  // SIGKILL at once, as a power cut or the OOM killer would: no shutdown code runs.
  void kill_hard();
  std::string log() const;  // what the server wrote to stderr

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  bool ready_ = false;
  std::filesystem::path log_path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs build/urbangrid with `args`, extra "NAME=value" environment entries, in `cwd` (empty: here),
// with `stdin_text` on its standard input.
CommandResult run_urbangrid(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                            const std::filesystem::path& cwd = {}, const std::string& stdin_text = {});

// Creates (through the CLI, on `db`) a user without password holding `roles`, region `scopes` and
// optionally a department scope, and an API token for it; returns the header
// {"authorization", "Bearer ugt_…"}.
std::pair<std::string, std::string> bearer_for(const std::string& db, const std::string& username,
                                               const std::vector<std::string>& roles,
                                               const std::vector<std::string>& scopes = {"*"},
                                               const std::string& department = {});

}  // namespace ug::test
