// System: the five dchat gRPC servers as real processes, for end-to-end
// tests. Each listens on a port of its own choosing; data goes to a
// temporary folder.
#ifndef DCHAT_TESTS_SUPPORT_SYSTEM_H_
#define DCHAT_TESTS_SUPPORT_SYSTEM_H_

#include <memory>
#include <string>
#include <vector>

#include "dchat/gateway_client.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace dchat::testing {

struct SystemOptions {
  // Extra arguments per server.
  std::vector<std::string> user_arguments;
  std::vector<std::string> gateway_arguments = {"--presence-ttl-ms", "1500"};
  std::vector<std::string> presence_arguments;
};

class System {
 public:
  explicit System(SystemOptions options = {});

  // Starts the servers; the first error stops the rest.
  Status Start();

  ServerProcess& user() { return *user_; }
  ServerProcess& room() { return *room_; }
  ServerProcess& message() { return *message_; }
  ServerProcess& presence() { return *presence_; }
  ServerProcess& gateway() { return *gateway_; }
  const std::string& gateway_address() const { return gateway_->address(); }

  // A gateway client that sends `token` (shared, so it can be changed).
  GatewayClient NewClient(std::shared_ptr<SessionToken> token = nullptr) const;

 private:
  SystemOptions options_;
  TempDir data_;
  std::unique_ptr<ServerProcess> user_;
  std::unique_ptr<ServerProcess> room_;
  std::unique_ptr<ServerProcess> message_;
  std::unique_ptr<ServerProcess> presence_;
  std::unique_ptr<ServerProcess> gateway_;
};

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_SYSTEM_H_
