// System: the five dchat gRPC servers as real processes, for end-to-end
// tests. Each listens on a port of its own choosing; data goes to a
// temporary folder.
//
// A test of a scaled deployment adds more message servers and gateways,
// which share the user, room and presence servers:
//
//   SystemOptions options;
//   options.message_arguments = {"--postgres-url", conninfo};
//   System system(options);
//   ASSERT_TRUE(system.Start().ok());
//   Result<ServerProcess*> message_b = system.AddMessageServer();
//   Result<ServerProcess*> gateway_2 = system.AddGateway((*message_b)->address());
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
  // Extra arguments per server. message_arguments also apply to the
  // message servers that AddMessageServer starts, and gateway_arguments to
  // the gateways that AddGateway starts.
  std::vector<std::string> user_arguments;
  std::vector<std::string> message_arguments;
  std::vector<std::string> gateway_arguments = {"--presence-ttl-ms", "1500"};
  std::vector<std::string> presence_arguments;
};

class System {
 public:
  explicit System(SystemOptions options = {});

  // Starts the servers; the first error stops the rest.
  Status Start();

  // Starts one more message server, with its own data folder, and returns
  // it. Several message servers share their messages only when
  // SystemOptions::message_arguments points them at one PostgreSQL
  // database. Call after Start().
  Result<ServerProcess*> AddMessageServer();

  // Starts one more gateway, on the shared user, room and presence servers
  // and the message server at `message_address`, and returns it. Call
  // after Start().
  Result<ServerProcess*> AddGateway(const std::string& message_address);


  ServerProcess& user() { return *user_; }
  ServerProcess& room() { return *room_; }
  ServerProcess& message() { return *message_; }
  ServerProcess& presence() { return *presence_; }
  ServerProcess& gateway() { return *gateway_; }
  const std::string& gateway_address() const { return gateway_->address(); }

  // A gateway client that sends `token` (shared, so it can be changed).
  GatewayClient NewClient(std::shared_ptr<SessionToken> token = nullptr) const;
  // The same, for the client of another gateway, such as one AddGateway
  // started.
  GatewayClient NewClient(const ServerProcess& gateway,
                          std::shared_ptr<SessionToken> token = nullptr) const;

 private:
  SystemOptions options_;
  TempDir data_;
  std::unique_ptr<ServerProcess> user_;
  std::unique_ptr<ServerProcess> room_;
  std::unique_ptr<ServerProcess> message_;
  std::unique_ptr<ServerProcess> presence_;
  std::unique_ptr<ServerProcess> gateway_;
  // Members are destroyed in reverse order: the added gateways stop first,
  // then the added message servers, then their data folders.
  std::vector<std::unique_ptr<TempDir>> added_data_;
  std::vector<std::unique_ptr<ServerProcess>> added_messages_;
  std::vector<std::unique_ptr<ServerProcess>> added_gateways_;
};

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_SYSTEM_H_
