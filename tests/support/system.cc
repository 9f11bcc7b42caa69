#include "support/system.h"

#include <string>
#include <vector>

#include "dchat/channel.h"

namespace dchat::testing {
namespace {

std::vector<std::string> Concat(std::vector<std::string> first,
                                const std::vector<std::string>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

}  // namespace

System::System(SystemOptions options) : options_(std::move(options)) {}

Status System::Start() {
  std::filesystem::path bin = ServerBinaryDir();
  std::string data = data_.path().string();
  user_ = std::make_unique<ServerProcess>(
      bin / "dchat-user", Concat({"--data-dir", data}, options_.user_arguments));
  room_ = std::make_unique<ServerProcess>(bin / "dchat-room", std::vector<std::string>{"--data-dir", data});
  message_ = std::make_unique<ServerProcess>(
      bin / "dchat-message", Concat({"--data-dir", data}, options_.message_arguments));
  presence_ = std::make_unique<ServerProcess>(bin / "dchat-presence", options_.presence_arguments);
  for (ServerProcess* server : {user_.get(), room_.get(), message_.get(), presence_.get()}) {
    DCHAT_RETURN_IF_ERROR(server->Start());
  }

  gateway_ = std::make_unique<ServerProcess>(
      bin / "dchat-gateway",
      Concat({"--user", user_->address(), "--room", room_->address(), "--message",
              message_->address(), "--presence", presence_->address()},
             options_.gateway_arguments));
  return gateway_->Start();
}

Result<ServerProcess*> System::AddMessageServer() {
  added_data_.push_back(std::make_unique<TempDir>());
  auto server = std::make_unique<ServerProcess>(
      ServerBinaryDir() / "dchat-message",
      Concat({"--data-dir", added_data_.back()->path().string()}, options_.message_arguments));
  DCHAT_RETURN_IF_ERROR(server->Start());
  added_messages_.push_back(std::move(server));
  return added_messages_.back().get();
}

Result<ServerProcess*> System::AddGateway(const std::string& message_address) {
  if (!user_ || !room_ || !presence_) {
    return FailedPreconditionError("System::AddGateway needs the shared servers: call Start() first");
  }
  auto server = std::make_unique<ServerProcess>(
      ServerBinaryDir() / "dchat-gateway",
      Concat({"--user", user_->address(), "--room", room_->address(), "--message",
              message_address, "--presence", presence_->address()},
             options_.gateway_arguments));
  DCHAT_RETURN_IF_ERROR(server->Start());
  added_gateways_.push_back(std::move(server));
  return added_gateways_.back().get();
}


GatewayClient System::NewClient(std::shared_ptr<SessionToken> token) const {
  return NewClient(*gateway_, std::move(token));
}

GatewayClient System::NewClient(const ServerProcess& gateway,
                                std::shared_ptr<SessionToken> token) const {
  auto channel = MakeChannel(gateway.address(), {});
  ClientOptions options;
  options.token = token ? std::move(token) : std::make_shared<SessionToken>();
  return GatewayClient(*channel, options);
}

}  // namespace dchat::testing
