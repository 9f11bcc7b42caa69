// InProcessServer: a real dchat::Server on a free loopback port inside the
// test process, so tests call services through the whole gRPC stack.
//
//   dchat::testing::InProcessServer server;
//   ASSERT_TRUE(server.Start({dchat::NewPresenceService()}).ok());
//   dchat::PresenceClient presence(server.channel());
//   presence.GetRoster(request, dchat::testing::ActingAs("u1", "alice"));
#ifndef DCHAT_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
#define DCHAT_TESTS_SUPPORT_IN_PROCESS_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "dchat/options.h"
#include "dchat/server.h"
#include "dchat/service.h"
#include "dchat/status.h"

namespace dchat::testing {

class InProcessServer {
 public:
  InProcessServer() = default;
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;
  // Shuts the server down if it still runs.
  ~InProcessServer();

  // Starts hosting `services` on 127.0.0.1 with a port chosen by the
  // system, whatever `options.address` says. A server that was shut down
  // may be started again. Returns the error of Server::Start.
  Status Start(std::vector<std::shared_ptr<Service>> services, ServerOptions options = {});

  // Ends open streams and waits for calls in flight. Does nothing when the
  // server is not running.
  void Shutdown();

  int port() const;
  // "127.0.0.1:<port>".
  std::string target() const;
  // A channel to the server, shared by the clients of one test.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 private:
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Returns call options that make an internal service act for the given
// user, as the gateway does after verifying the user's token.
CallOptions ActingAs(const std::string& user_id, const std::string& username);

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
