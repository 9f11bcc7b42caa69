// The asynchronous handler forms of the skeletons (AppendMessageAsync,
// SendMessageAsync): their defaults run the blocking handlers, and an
// override may reply inline or later from any thread.
#include <chrono>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "dchat/channel.h"
#include "dchat/gateway_client.h"
#include "dchat/message_client.h"
#include "dchat/server.h"
#include "dchat/skeletons.h"

namespace dchat {
namespace {

using namespace std::chrono_literals;

v1::SendMessageRequest Send(const std::string& text) {
  v1::SendMessageRequest request;
  request.set_room_id("general");
  request.set_text(text);
  return request;
}

// Overrides only the blocking handler.
class BlockingMessages : public MessageServiceBase {
 public:
  Result<v1::Message> AppendMessage(const CallContext& call,
                                    const v1::SendMessageRequest& request) override {
    v1::Message message;
    message.set_room_id(request.room_id());
    message.set_text(request.text());
    message.set_sender_id(call.actor_id());
    message.set_seq(7);
    return message;
  }
};

// Replies from a thread of its own after a short wait, or at once with an
// error for the text "fail".
class LaterMessages : public MessageServiceBase {
 public:
  ~LaterMessages() override {
    for (std::thread& thread : threads_) thread.join();
  }

  void AppendMessageAsync(const CallContext& call, const v1::SendMessageRequest& request,
                          UnaryReply<v1::Message> reply) override {
    if (request.text() == "fail") {
      reply(ResourceExhaustedError("failed on purpose"));
      return;
    }
    v1::Message message;
    message.set_text(request.text());
    message.set_sender_id(call.actor_id());
    threads_.emplace_back([message, reply = std::move(reply)] {
      std::this_thread::sleep_for(50ms);
      reply(message);
    });
  }

 private:
  std::vector<std::thread> threads_;  // used by one call at a time in these tests
};

// Overrides only the blocking SendMessage.
class BlockingGateway : public GatewayServiceBase {
 public:
  Result<v1::Message> SendMessage(const CallContext& call,
                                  const v1::SendMessageRequest& request) override {
    if (call.bearer_token().empty()) return UnauthenticatedError("no token");
    v1::Message message;
    message.set_text(request.text());
    return message;
  }
};

class AsyncHandlerTest : public ::testing::Test {
 protected:
  void Start(std::shared_ptr<Service> service) {
    ServerOptions options;
    options.shutdown_grace = 1000ms;
    auto server = Server::Start(options, {std::move(service)});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    auto channel = MakeChannel(server_->address(), {});
    ASSERT_TRUE(channel.ok());
    channel_ = *channel;
  }

  static CallOptions Actor() {
    CallOptions call;
    call.actor_id = "u1";
    call.actor_name = "alice";
    return call;
  }

  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AsyncHandlerTest, DefaultRunsBlockingHandler) {
  Start(std::make_shared<BlockingMessages>());
  MessageClient messages(channel_);

  Result<v1::Message> sent = messages.AppendMessage(Send("hello"), Actor());
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->seq(), 7);
  EXPECT_EQ(sent->text(), "hello");
  EXPECT_EQ(sent->sender_id(), "u1");
}

TEST_F(AsyncHandlerTest, ReplyFromAnotherThread) {
  Start(std::make_shared<LaterMessages>());
  MessageClient messages(channel_);

  Result<v1::Message> sent = messages.AppendMessage(Send("later"), Actor());
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->text(), "later");
  EXPECT_EQ(sent->sender_id(), "u1");
}

TEST_F(AsyncHandlerTest, InlineErrorReplyReachesClient) {
  Start(std::make_shared<LaterMessages>());
  MessageClient messages(channel_);

  Result<v1::Message> sent = messages.AppendMessage(Send("fail"), Actor());
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(sent.status().message(), "failed on purpose");
}

TEST_F(AsyncHandlerTest, GatewayDefaultRunsSendMessage) {
  Start(std::make_shared<BlockingGateway>());
  ClientOptions options;
  options.token = std::make_shared<SessionToken>("t0ken");
  GatewayClient gateway(channel_, options);

  Result<v1::Message> sent = gateway.SendMessage(Send("hi"));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->text(), "hi");

  options.token->Clear();
  EXPECT_EQ(gateway.SendMessage(Send("hi")).status().code(), Code::kUnauthenticated);
}

}  // namespace
}  // namespace dchat
