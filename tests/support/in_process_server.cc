#include "support/in_process_server.h"

#include <chrono>
#include <utility>

#include "dchat/channel.h"

namespace dchat::testing {

InProcessServer::~InProcessServer() { Shutdown(); }

Status InProcessServer::Start(std::vector<std::shared_ptr<Service>> services,
                              ServerOptions options) {
  Shutdown();

  // Tests must not bind other interfaces or fixed ports, and should not
  // wait long for calls that a failed test left behind.
  options.address = "127.0.0.1:0";
  options.shutdown_grace = std::chrono::milliseconds(1000);
  Result<std::unique_ptr<Server>> server = Server::Start(std::move(options), std::move(services));
  if (!server.ok()) return server.status();
  server_ = std::move(*server);

  Result<std::shared_ptr<grpc::Channel>> channel = MakeChannel(target(), ChannelOptions{});
  if (!channel.ok()) {
    Shutdown();
    return channel.status();
  }
  channel_ = std::move(*channel);
  return OkStatus();
}

void InProcessServer::Shutdown() {
  if (!server_) return;
  server_->Shutdown();
  server_.reset();
}

int InProcessServer::port() const { return server_ ? server_->port() : 0; }

std::string InProcessServer::target() const { return "127.0.0.1:" + std::to_string(port()); }

CallOptions ActingAs(const std::string& user_id, const std::string& username) {
  CallOptions call;
  call.actor_id = user_id;
  call.actor_name = username;
  return call;
}

}  // namespace dchat::testing
