#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace dchat::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::filesystem::path NewLogFile(const std::filesystem::path& binary) {
  static int counter = 0;
  return std::filesystem::temp_directory_path() /
         (binary.filename().string() + "-" + std::to_string(getpid()) + "-" +
          std::to_string(++counter) + ".log");
}

}  // namespace

std::filesystem::path ServerBinaryDir() {
#ifdef DCHAT_SERVER_BINARY_DIR
  return DCHAT_SERVER_BINARY_DIR;
#else
  return "servers";
#endif
}

ServerProcess::ServerProcess(std::filesystem::path binary, std::vector<std::string> arguments)
    : binary_(std::move(binary)), arguments_(std::move(arguments)), log_file_(NewLogFile(binary_)) {}

ServerProcess::~ServerProcess() {
  Stop(std::chrono::seconds(5));
  std::error_code ignored;
  std::filesystem::remove(log_file_, ignored);
}

Status ServerProcess::Start(const std::string& listen, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv_strings = {binary_.string(), "--listen", listen};
  argv_strings.insert(argv_strings.end(), arguments_.begin(), arguments_.end());
  std::vector<char*> argv;
  for (std::string& argument : argv_strings) argv.push_back(argument.data());
  argv.push_back(nullptr);

  std::ofstream(log_file_, std::ios::trunc).close();
  pid_t pid = fork();
  if (pid < 0) return InternalError("fork failed");
  if (pid == 0) {
    int log = open(log_file_.c_str(), O_WRONLY | O_APPEND);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;

  // The start line reads "dchat-<name> <version> started on HOST:PORT (...)".
  std::regex started(R"(started on (\S+):(\d+) )");
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    std::smatch match;
    std::string log = ReadLog();
    if (std::regex_search(log, match, started)) {
      address_ = match[1].str() + ":" + match[2].str();
      return OkStatus();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return InternalError(binary_.filename().string() + " exited at start:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Stop(std::chrono::seconds(1));
  return DeadlineExceededError(binary_.filename().string() + " did not start:\n" + ReadLog());
}

int ServerProcess::Stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);

  auto deadline = Clock::now() + timeout;
  int status = 0;
  while (Clock::now() < deadline) {
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

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

Status ServerProcess::Restart() {
  std::string address = address_;
  Stop();
  return Start(address);
}

std::string ServerProcess::ReadLog() const {
  std::ifstream in(log_file_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace dchat::testing
