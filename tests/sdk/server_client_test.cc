// The SDK's typed clients against its server skeletons, over real loopback
// connections: results, status mapping, deadlines, retries, metadata,
// health, and shutdown with a stream open.
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "dchat/channel.h"
#include "dchat/gateway_client.h"
#include "dchat/health_client.h"
#include "dchat/room_client.h"
#include "dchat/server.h"
#include "dchat/skeletons.h"

namespace dchat {
namespace {

using namespace std::chrono_literals;

// Replies according to the requested room id: "code-N" fails with code N,
// "slow" sleeps first, anything else succeeds with that room.
class FakeRoomService : public RoomServiceBase {
 public:
  Result<v1::Room> GetRoom(const CallContext& call, const v1::GetRoomRequest& request) override {
    ++calls;
    const std::string& id = request.room_id();
    if (id.rfind("code-", 0) == 0) {
      return Status(static_cast<Code>(std::stoi(id.substr(5))), "failed on purpose: " + id);
    }
    if (id == "slow") std::this_thread::sleep_for(500ms);

    v1::Room room;
    room.set_room_id(id);
    room.set_creator_id(call.actor_id());
    room.set_topic(call.actor_name());
    return room;
  }

  Result<v1::Room> CreateRoom(const CallContext&, const v1::CreateRoomRequest& request) override {
    v1::Room room;
    room.set_room_id(request.name());
    return room;
  }

  // Keeps every stream open until the server ends it.
  void WatchMembership(const v1::WatchMembershipRequest&,
                       std::shared_ptr<ServerStream<v1::MembershipEvent>> stream) override {
    {
      std::lock_guard lock(mutex_);
      last_stream_ = stream;
    }
    v1::MembershipEvent event;
    event.set_room_id("general");
    EXPECT_TRUE(stream->Write(event));
  }

  std::shared_ptr<ServerStream<v1::MembershipEvent>> last_stream() {
    std::lock_guard lock(mutex_);
    return last_stream_;
  }

  std::atomic<int> calls{0};

 private:
  std::mutex mutex_;
  std::shared_ptr<ServerStream<v1::MembershipEvent>> last_stream_;  // guarded by mutex_
};

// Tells the caller which bearer token it sent.
class TokenEchoGateway : public GatewayServiceBase {
 public:
  Result<v1::User> WhoAmI(const CallContext& call, const v1::WhoAmIRequest&) override {
    if (call.bearer_token().empty()) return UnauthenticatedError("no token");
    v1::User user;
    user.set_user_id(call.bearer_token());
    return user;
  }
};

class ServerClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_shared<FakeRoomService>();
    StartServer("127.0.0.1:0");
  }

  void StartServer(const std::string& address, std::string internal_token = "") {
    ServerOptions options;
    options.address = address;
    options.shutdown_grace = 1000ms;
    options.internal_token = std::move(internal_token);
    auto server = Server::Start(options, {service_});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    port_ = server_->port();
  }

  std::shared_ptr<grpc::Channel> Channel() {
    auto channel = MakeChannel("127.0.0.1:" + std::to_string(port_), {});
    EXPECT_TRUE(channel.ok());
    return *channel;
  }

  RoomClient Client(ClientOptions options = {}) { return RoomClient(Channel(), options); }

  static v1::GetRoomRequest GetRoom(const std::string& id) {
    v1::GetRoomRequest request;
    request.set_room_id(id);
    return request;
  }

  std::shared_ptr<FakeRoomService> service_;
  std::unique_ptr<Server> server_;
  int port_ = 0;
};

TEST_F(ServerClientTest, UnaryCallReturnsReply) {
  Result<v1::Room> room = Client().GetRoom(GetRoom("lobby"));

  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->room_id(), "lobby");
}

TEST_F(ServerClientTest, AsyncCallReturnsReply) {
  RoomClient client = Client();
  std::future<Result<v1::Room>> first = client.GetRoomAsync(GetRoom("a"));
  std::future<Result<v1::Room>> second = client.GetRoomAsync(GetRoom("b"));

  Result<v1::Room> a = first.get();
  Result<v1::Room> b = second.get();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->room_id(), "a");
  EXPECT_EQ(b->room_id(), "b");
}

TEST_F(ServerClientTest, CallbackCallReportsReplyAndError) {
  ClientOptions no_retries;
  no_retries.retry.max_attempts = 1;
  RoomClient client = Client(no_retries);
  std::promise<Result<v1::Room>> found;
  std::promise<Result<v1::Room>> failed;

  client.GetRoomAsync(GetRoom("a"), [&found](Result<v1::Room> room) { found.set_value(std::move(room)); });
  client.GetRoomAsync(GetRoom("code-5"), [&failed](Result<v1::Room> room) { failed.set_value(std::move(room)); });

  Result<v1::Room> a = found.get_future().get();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->room_id(), "a");
  Result<v1::Room> missing = failed.get_future().get();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

TEST_F(ServerClientTest, EveryStatusCodeReachesClient) {
  ClientOptions no_retries;
  no_retries.retry.max_attempts = 1;
  RoomClient client = Client(no_retries);

  for (int code = 1; code <= 16; ++code) {
    std::string id = "code-" + std::to_string(code);
    Result<v1::Room> room = client.GetRoom(GetRoom(id));

    ASSERT_FALSE(room.ok()) << id;
    EXPECT_EQ(room.status().code(), static_cast<Code>(code)) << id;
    EXPECT_EQ(room.status().message(), "failed on purpose: " + id);
  }
}

TEST_F(ServerClientTest, DeadlineExpires) {
  CallOptions call;
  call.timeout = 100ms;
  auto started = std::chrono::steady_clock::now();

  Result<v1::Room> room = Client().GetRoom(GetRoom("slow"), call);

  EXPECT_EQ(room.status().code(), Code::kDeadlineExceeded);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 450ms);
}

TEST_F(ServerClientTest, IdempotentCallRetriedAcrossRestart) {
  std::string address = "127.0.0.1:" + std::to_string(port_);
  RoomClient client = Client();
  ASSERT_TRUE(client.GetRoom(GetRoom("warm-up")).ok());
  server_.reset();

  std::thread restart([&] {
    std::this_thread::sleep_for(400ms);
    StartServer(address);
  });
  Result<v1::Room> room = client.GetRoom(GetRoom("after-restart"));
  restart.join();

  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->room_id(), "after-restart");
}

TEST_F(ServerClientTest, NonIdempotentCallNotRetried) {
  RoomClient client = Client();
  server_.reset();

  v1::CreateRoomRequest request;
  request.set_name("once");
  Result<v1::Room> room = client.CreateRoom(request);

  EXPECT_EQ(room.status().code(), Code::kUnavailable);
}

TEST_F(ServerClientTest, ActorMetadataReachesHandler) {
  CallOptions call;
  call.actor_id = "u-1";
  call.actor_name = "alice";

  Result<v1::Room> room = Client().GetRoom(GetRoom("lobby"), call);

  ASSERT_TRUE(room.ok());
  EXPECT_EQ(room->creator_id(), "u-1");
  EXPECT_EQ(room->topic(), "alice");
}

TEST_F(ServerClientTest, InternalTokenRequiredWhenSet) {
  server_.reset();
  StartServer("127.0.0.1:0", "s3cret");

  Result<v1::Room> without = Client().GetRoom(GetRoom("lobby"));
  ClientOptions with_token;
  with_token.internal_token = "s3cret";
  Result<v1::Room> with = Client(with_token).GetRoom(GetRoom("lobby"));

  EXPECT_EQ(without.status().code(), Code::kUnauthenticated);
  EXPECT_TRUE(with.ok()) << with.status().ToString();
}

TEST_F(ServerClientTest, HealthReportsEachService) {
  HealthClient health(Channel());
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("dchat.v1.RoomService");

  auto serving = health.Check(request);
  request.set_service("dchat.v1.NoSuchService");
  auto unknown = health.Check(request);

  ASSERT_TRUE(serving.ok()) << serving.status().ToString();
  EXPECT_EQ(serving->status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
}

TEST_F(ServerClientTest, ShutdownEndsOpenStreamWithUnavailable) {
  RoomClient client = Client();
  auto stream = client.WatchMembership(v1::WatchMembershipRequest());
  v1::MembershipEvent event;
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.room_id(), "general");

  auto started = std::chrono::steady_clock::now();
  server_->Shutdown();
  auto shutdown_took = std::chrono::steady_clock::now() - started;

  EXPECT_FALSE(stream->Read(&event));
  Status status = stream->Finish();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_NE(status.message().find("shutting down"), std::string::npos) << status.message();
  EXPECT_LT(shutdown_took, 900ms);
}

TEST_F(ServerClientTest, CancelEndsStreamOnBothSides) {
  RoomClient client = Client();
  auto stream = client.WatchMembership(v1::WatchMembershipRequest());
  v1::MembershipEvent event;
  ASSERT_TRUE(stream->Read(&event));

  stream->Cancel();

  EXPECT_FALSE(stream->Read(&event));
  EXPECT_EQ(stream->Finish().code(), Code::kCancelled);
  auto server_side = service_->last_stream();
  ASSERT_NE(server_side, nullptr);
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!server_side->IsDone() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(server_side->IsDone());
}

TEST_F(ServerClientTest, UnimplementedHandlerReportsMethod) {
  Result<v1::ListRoomsResponse> rooms = Client().ListRooms(v1::ListRoomsRequest());

  EXPECT_EQ(rooms.status().code(), Code::kUnimplemented);
  EXPECT_NE(rooms.status().message().find("dchat.v1.RoomService/ListRooms"), std::string::npos);
}

TEST(ServerStartTest, BusyPortFailsWithUnavailable) {
  auto first = Server::Start({}, {std::make_shared<FakeRoomService>()});
  ASSERT_TRUE(first.ok());
  ServerOptions options;
  options.address = "127.0.0.1:" + std::to_string((*first)->port());

  auto second = Server::Start(options, {std::make_shared<FakeRoomService>()});

  EXPECT_EQ(second.status().code(), Code::kUnavailable);
}

TEST(ServerStartTest, AddressWithoutPortRejected) {
  ServerOptions options;
  options.address = "localhost";

  auto server = Server::Start(options, {std::make_shared<FakeRoomService>()});

  EXPECT_EQ(server.status().code(), Code::kInvalidArgument);
  EXPECT_NE(server.status().message().find("localhost"), std::string::npos);
}

TEST(TokenAttachmentTest, SessionTokenSentAsBearer) {
  auto server = Server::Start({}, {std::make_shared<TokenEchoGateway>()});
  ASSERT_TRUE(server.ok());
  auto channel = MakeChannel("127.0.0.1:" + std::to_string((*server)->port()), {});
  ASSERT_TRUE(channel.ok());
  ClientOptions options;
  options.token = std::make_shared<SessionToken>();
  GatewayClient gateway(*channel, options);

  Result<v1::User> before = gateway.WhoAmI(v1::WhoAmIRequest());
  options.token->Set("t0ken");
  Result<v1::User> after = gateway.WhoAmI(v1::WhoAmIRequest());

  EXPECT_EQ(before.status().code(), Code::kUnauthenticated);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->user_id(), "t0ken");
}

}  // namespace
}  // namespace dchat
