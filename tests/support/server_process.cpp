// ServerProcess: fork/exec of build/urbangrid with its stderr in a temp file.
#include "support/server_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/response_log.hpp"
#include "support/test_env.hpp"

namespace ug::test {
namespace {

// Every server log and every command's stderr of every test is checked: no password hash, session
// secret or API token may ever be written (issue 5). Their prefixes make them recognisable.
void expect_no_secrets(const std::filesystem::path& log, const std::string& what) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex secret(R"((ugt_|ugs_)[A-Za-z0-9_-]{20}|\$argon2id\$)");
  std::smatch found;
  const auto content = text.str();
  if (std::regex_search(content, found, secret)) {
    ADD_FAILURE() << what << " wrote a secret to its log: " << found.str().substr(0, 12) << "…";
  }
}

}  // namespace

ServerProcess::ServerProcess(const std::string& db_url, std::vector<std::string> args) {
  // The server binds port 0 and writes the port it got: no other test's server can take it between
  // choosing and binding, and the readiness probe can only ever reach this server.
  const auto dir = temp_dir("urbangrid-serve");
  log_path_ = dir / "server.log";
  const auto port_file = dir / "port";
  std::vector<std::string> argv_storage = {binary_path().string(), "serve", "--port", "0", "--port-file",
                                           port_file.string(),     "--db",  db_url};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  // Photos go to the test's own folder unless the test names one (never the checkout's var/).
  if (std::none_of(args.begin(), args.end(), [](const auto& a) { return a.starts_with("attachments.dir="); })) {
    argv_storage.insert(argv_storage.end(), {"--set", "attachments.dir=" + (dir / "attachments").string()});
  }
  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDERR_FILENO);
    dup2(fd, STDOUT_FILENO);
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // A server speaking HTTPS cannot be asked over plain HTTP: its port file is the sign.
  const bool tls =
      std::any_of(args.begin(), args.end(), [](const auto& a) { return a.starts_with("server.tls_certificate="); });
  // Generous: on a loaded two-core machine migrations and the first index build can take seconds.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;  // exited: ready() stays false and log() says why
    }
    if (port_ == 0) {
      std::ifstream in(port_file);
      if (!(in >> port_)) port_ = 0;
    }
    if (port_ != 0 && tls) {
      ready_ = true;  // the port file is written once the TLS pair loaded and the port listens
      return;
    }
    if (port_ != 0) {
      if (auto reply = http_request(port_, "GET", "/api/v1/version"); reply && reply->status == 200) {
        ready_ = true;
        watch_contract_of(port_);
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate();
  expect_no_secrets(log_path_, "the server");
}

int ServerProcess::terminate(int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

CommandResult run_urbangrid(const std::vector<std::string>& args, const std::vector<std::string>& env,
                            const std::filesystem::path& cwd, const std::string& stdin_text) {
  const auto dir = temp_dir("urbangrid-cli");
  std::ofstream(dir / "in") << stdin_text;
  std::vector<std::string> argv_storage = {binary_path().string()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open((dir / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open((dir / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = open((dir / "in").c_str(), O_RDONLY);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  expect_no_secrets(dir / "err", "urbangrid " + (args.empty() ? std::string() : args.front()));
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir / "out"), slurp(dir / "err")};
}

std::pair<std::string, std::string> bearer_for(const std::string& db, const std::string& username,
                                               const std::vector<std::string>& roles,
                                               const std::vector<std::string>& scopes, const std::string& department) {
  std::vector<std::string> add = {"user", "add", "--db", db, "--username", username, "--no-password"};
  for (const auto& r : roles) add.insert(add.end(), {"--role", r});
  for (const auto& s : scopes) add.insert(add.end(), {"--scope", s});
  if (!department.empty()) add.insert(add.end(), {"--department", department});
  const auto added = run_urbangrid(add);
  if (added.exit_code != 0) return {"authorization", "Bearer (user add failed: " + added.err + ")"};
  std::vector<std::string> create = {"token", "create", "--db", db, "--username", username, "--name", "test"};
  if (std::find(roles.begin(), roles.end(), "integration") != roles.end()) {
    create.insert(create.end(), {"--channel", "external_api"});  // a system's token names its channel
  }
  const auto token = run_urbangrid(create);
  std::string secret = token.out;
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return {"authorization", "Bearer " + secret};
}

}  // namespace ug::test
