#include "support/system.h"

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
  message_ = std::make_unique<ServerProcess>(bin / "dchat-message",
                                             std::vector<std::string>{"--data-dir", data});
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

GatewayClient System::NewClient(std::shared_ptr<SessionToken> token) const {
  auto channel = MakeChannel(gateway_->address(), {});
  ClientOptions options;
  options.token = token ? std::move(token) : std::make_shared<SessionToken>();
  return GatewayClient(*channel, options);
}

}  // namespace dchat::testing
