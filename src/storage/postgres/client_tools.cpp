// posix_spawn with stderr captured through a pipe; libpq's own parser splits the connection URL.
#include "storage/postgres/client_tools.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace ug::storage {
namespace {

std::string quote_conninfo_value(const std::string& value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

Result<SplitConnection> split_password(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error ? error : "cannot parse";
    PQfreemem(error);
    return fail(ErrorCode::validation_failed, "database.url_invalid", why);
  }
  SplitConnection out;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || o->val[0] == '\0') continue;
    if (std::strcmp(o->keyword, "password") == 0) {
      out.password = o->val;
      continue;
    }
    if (!out.conninfo.empty()) out.conninfo += ' ';
    out.conninfo += std::string(o->keyword) + "=" + quote_conninfo_value(o->val);
  }
  PQconninfoFree(options);
  return out;
}

std::filesystem::path find_client_program(const std::filesystem::path& configured_dir, int server_major,
                                          const std::string& name) {
  if (!configured_dir.empty()) return configured_dir / name;
  const auto versioned = std::filesystem::path(fmt::format("/usr/lib/postgresql/{}/bin", server_major)) / name;
  if (std::filesystem::exists(versioned)) return versioned;
  return name;  // resolved through PATH by posix_spawnp
}

Result<void> run_client_command(const ClientCommand& command) {
  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0)
    return fail(ErrorCode::internal, {}, std::string("pipe: ") + std::strerror(errno));

  std::vector<std::string> argv_storage{command.program.string()};
  argv_storage.insert(argv_storage.end(), command.args.begin(), command.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
  env_storage.insert(env_storage.end(), command.extra_env.begin(), command.extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(err_pipe[1]);
  if (rc != 0) {
    close(err_pipe[0]);
    return fail(Error(ErrorCode::unavailable, "database.tool_not_started",
                      fmt::format("posix_spawnp {}: {}", command.program.string(), std::strerror(rc)))
                    .with("program", command.program.filename().string()));
  }
  std::string stderr_text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(err_pipe[0], buffer, sizeof buffer);
    if (n > 0) {
      if (stderr_text.size() < 64 * 1024) stderr_text.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(Error(ErrorCode::unavailable, "database.tool_failed",
                      fmt::format("{} exited with status {}: {}", command.program.string(), status, stderr_text))
                    .with("program", command.program.filename().string()));
  }
  return {};
}

}  // namespace ug::storage
