#include "support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>

namespace dchat::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kStartAttempts = 5;
constexpr auto kInitTimeout = std::chrono::seconds(120);
constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kStopTimeout = std::chrono::seconds(10);

// Returns the bin folder of the newest PostgreSQL under /usr/lib/postgresql,
// or the one $DCHAT_POSTGRES_BINDIR names.
Result<std::filesystem::path> FindBinDir() {
  if (const char* configured = std::getenv("DCHAT_POSTGRES_BINDIR")) {
    std::filesystem::path dir = configured;
    if (std::filesystem::exists(dir / "initdb")) return dir;
    return FailedPreconditionError("DCHAT_POSTGRES_BINDIR=" + dir.string() +
                                   " has no initdb: point it at PostgreSQL's bin folder");
  }

  const std::filesystem::path root = "/usr/lib/postgresql";
  std::filesystem::path best;
  long best_version = -1;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(root, error)) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    const long version = std::strtol(name.c_str(), &end, 10);
    if (end == name.c_str() || *end != '\0') continue;
    if (!std::filesystem::exists(entry.path() / "bin" / "initdb")) continue;
    if (version > best_version) {
      best_version = version;
      best = entry.path() / "bin";
    }
  }
  if (best_version < 0) {
    return FailedPreconditionError(
        "no PostgreSQL server found under /usr/lib/postgresql/<version>/bin: install "
        "the postgresql package (apt-get install postgresql), or set "
        "DCHAT_POSTGRES_BINDIR to the folder that holds initdb and postgres");
  }
  return best;
}

Result<int> PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return InternalError("cannot create a socket to find a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool bound =
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!bound) return InternalError("cannot bind 127.0.0.1:0 to find a free port");
  return static_cast<int>(ntohs(address.sin_port));
}

std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A child process running `argv`, as `uid`/`gid` unless they are -1, with
// its output appended to `log_file`. `parent_death_signal` is sent to it
// when the thread that started it exits, if not 0.
Result<pid_t> Spawn(const std::vector<std::string>& arguments,
                    const std::filesystem::path& work_dir,
                    const std::filesystem::path& log_file, uid_t uid, gid_t gid,
                    int parent_death_signal) {
  // Everything the child needs is prepared before fork, because the child
  // of a threaded program may only make async-signal-safe calls.
  std::vector<std::string> argv_strings = arguments;
  std::vector<char*> argv;
  for (std::string& argument : argv_strings) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const std::string work_dir_string = work_dir.string();
  const std::string log_string = log_file.string();
  const int log = open(log_string.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return InternalError("cannot open " + log_string);
  if (uid != static_cast<uid_t>(-1) && fchown(log, uid, gid) != 0) {
    close(log);
    return InternalError("cannot hand " + log_string + " to the postgres user");
  }

  const pid_t pid = fork();
  if (pid < 0) {
    close(log);
    return InternalError("fork failed");
  }
  if (pid == 0) {
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    if (uid != static_cast<uid_t>(-1)) {
      if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) _exit(126);
    }
    // Set after setuid, which clears it.
    if (parent_death_signal != 0) prctl(PR_SET_PDEATHSIG, parent_death_signal);
    if (chdir(work_dir_string.c_str()) != 0) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log);
  return pid;
}

// Waits for `pid` to exit; returns its exit code, or -1 when it was
// killed after `timeout` or by a signal.
int WaitForExit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  int status = 0;
  while (Clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

Result<PostgresServer*> PostgresServer::Shared() {
  static std::once_flag started;
  static std::unique_ptr<PostgresServer> server;
  static Status start_status;
  std::call_once(started, [] {
    server.reset(new PostgresServer());
    start_status = server->Start();
    if (!start_status.ok()) server.reset();
  });
  if (!start_status.ok()) return start_status;
  return server.get();
}

PostgresServer::~PostgresServer() { Stop(); }

Status PostgresServer::Start() {
  Result<std::filesystem::path> bin_dir = FindBinDir();
  if (!bin_dir.ok()) return bin_dir.status();
  bin_dir_ = *bin_dir;
  data_dir_ = dir_.path() / "data";
  log_file_ = dir_.path() / "postgres.log";

  if (geteuid() == 0) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr) {
      return FailedPreconditionError(
          "tests run as root, and PostgreSQL refuses to, but there is no 'postgres' OS "
          "user to run it as: install the postgresql package, or run the tests as "
          "another user");
    }
    run_as_uid_ = user->pw_uid;
    run_as_gid_ = user->pw_gid;
    if (chown(dir_.path().c_str(), run_as_uid_, run_as_gid_) != 0) {
      return InternalError("cannot hand " + dir_.path().string() + " to the postgres user");
    }
  }

  DCHAT_RETURN_IF_ERROR(InitCluster());
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    bool port_in_use = false;
    const Status started = StartServer(&port_in_use);
    if (started.ok() || !port_in_use) return started;
  }
  return UnavailableError("PostgreSQL found its port taken " + std::to_string(kStartAttempts) +
                          " times in a row; see " + log_file_.string());
}

Status PostgresServer::InitCluster() {
  const std::filesystem::path log = dir_.path() / "initdb.log";
  Result<pid_t> pid = Spawn({(bin_dir_ / "initdb").string(), "--pgdata=" + data_dir_.string(),
                             "--username=postgres", "--auth=trust", "--encoding=UTF8",
                             "--no-locale", "--no-sync"},
                            dir_.path(), log, run_as_uid_, run_as_gid_, 0);
  if (!pid.ok()) return pid.status();
  const int exit_code =
      WaitForExit(*pid, std::chrono::duration_cast<std::chrono::milliseconds>(kInitTimeout));
  if (exit_code != 0) {
    return InternalError("initdb failed (exit code " + std::to_string(exit_code) +
                         ") in " + dir_.path().string() + ":\n" + ReadFile(log));
  }
  return OkStatus();
}

Status PostgresServer::StartServer(bool* port_in_use) {
  Result<int> port = PickFreePort();
  if (!port.ok()) return port.status();
  port_ = *port;

  // postgres runs as a child of this program rather than under pg_ctl, so
  // that it gets SIGINT (fast shutdown) when the program dies.
  Result<pid_t> pid = Spawn(
      {(bin_dir_ / "postgres").string(), "-D", data_dir_.string(), "-c",
       "listen_addresses=127.0.0.1", "-c", "port=" + std::to_string(port_), "-c",
       "unix_socket_directories=" + dir_.path().string(), "-c", "fsync=off", "-c",
       "max_connections=200", "-c", "logging_collector=off"},
      dir_.path(), log_file_, run_as_uid_, run_as_gid_, SIGINT);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;

  const std::string ping = Conninfo("postgres") + " connect_timeout=2";
  const auto deadline = Clock::now() + kStartTimeout;
  while (Clock::now() < deadline) {
    if (PQping(ping.c_str()) == PQPING_OK) return OkStatus();
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      const std::string log = ReadServerLog();
      *port_in_use = log.find("Address already in use") != std::string::npos;
      return InternalError("PostgreSQL exited at start:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  return DeadlineExceededError("PostgreSQL did not accept connections within " +
                               std::to_string(kStartTimeout.count()) + " s:\n" +
                               ReadServerLog());
}

void PostgresServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGINT);
  WaitForExit(pid_, kStopTimeout);
  pid_ = -1;
}

Result<std::string> PostgresServer::CreateDatabase() {
  const std::string name = "dchat_test_" + std::to_string(++databases_created_);
  PGconn* conn = PQconnectdb(Conninfo("postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    return UnavailableError("cannot connect to the test PostgreSQL: " + error);
  }
  // The name is made here, not taken from input, and CREATE DATABASE
  // takes no parameters.
  PGresult* result = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string error = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!created) return InternalError("CREATE DATABASE " + name + " failed: " + error);
  return Conninfo(name);
}

std::string PostgresServer::Conninfo(const std::string& dbname) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + dbname +
         " user=postgres";
}

std::string PostgresServer::ReadServerLog() const { return ReadFile(log_file_); }

}  // namespace dchat::testing
