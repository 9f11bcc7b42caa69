// ServerProcess: one real dchat server binary, started for a test.
//
//   dchat::testing::ServerProcess user(bin / "dchat-user", {"--data-dir", dir});
//   ASSERT_TRUE(user.Start().ok());
//   user.address();  // "127.0.0.1:<port it bound>"
//
// The server listens on a port of its own choosing (--listen
// 127.0.0.1:0) unless the arguments say otherwise, and the port is read
// from its start log line, so no port is assumed free.
#ifndef DCHAT_TESTS_SUPPORT_SERVER_PROCESS_H_
#define DCHAT_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "dchat/status.h"

namespace dchat::testing {

class ServerProcess {
 public:
  ServerProcess(std::filesystem::path binary, std::vector<std::string> arguments);
  // Kills the server if it still runs.
  ~ServerProcess();

  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server on `listen` and waits until it logs its address.
  // DEADLINE_EXCEEDED after `timeout`; INTERNAL when it exits first.
  Status Start(const std::string& listen = "127.0.0.1:0",
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Sends SIGTERM and waits for the exit; returns the exit code, or -1
  // when the server had to be killed after `timeout`.
  int Stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Ends the server with SIGKILL, as a crash would, and reaps it.
  void Kill();

  // Stops, then starts again on the same address.
  Status Restart();

  bool running() const { return pid_ > 0; }
  const std::string& address() const { return address_; }
  const std::filesystem::path& log_file() const { return log_file_; }
  // The server's output so far, for failure messages.
  std::string ReadLog() const;

 private:
  std::filesystem::path binary_;
  std::vector<std::string> arguments_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::string address_;
};

// The folder of the server binaries, set by the build.
std::filesystem::path ServerBinaryDir();

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_SERVER_PROCESS_H_
