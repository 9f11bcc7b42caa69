// Tests of dchat::Client against a fake gateway hosted in-process.
#include "dchat/client.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dchat/server.h"
#include "dchat/skeletons.h"

namespace dchat {
namespace {

using namespace std::chrono_literals;

constexpr char kPassword[] = "correct horse";
constexpr char kToken[] = "token-of-alice";
constexpr auto kWaitLimit = 10s;

// A gateway that records what clients send and lets the test drive the
// event streams.
class FakeGateway : public GatewayServiceBase {
 public:
  Result<v1::LoginResponse> Login(const CallContext&,
                                  const v1::LoginRequest& request) override {
    if (request.password() != kPassword) return UnauthenticatedError("wrong password");
    v1::LoginResponse response;
    response.set_token(kToken);
    response.mutable_user()->set_username(request.username());
    return response;
  }

  Result<v1::LogoutResponse> Logout(const CallContext& call,
                                    const v1::LogoutRequest&) override {
    std::lock_guard lock(mutex_);
    logout_tokens_.push_back(call.bearer_token());
    return v1::LogoutResponse();
  }

  Result<v1::User> WhoAmI(const CallContext& call, const v1::WhoAmIRequest&) override {
    std::lock_guard lock(mutex_);
    whoami_tokens_.push_back(call.bearer_token());
    if (call.bearer_token() != kToken) return UnauthenticatedError("missing or unknown token");
    v1::User user;
    user.set_username("alice");
    return user;
  }

  Result<v1::Message> SendMessage(const CallContext&,
                                  const v1::SendMessageRequest& request) override {
    std::lock_guard lock(mutex_);
    idempotency_keys_.push_back(request.idempotency_key());
    v1::Message message;
    message.set_room_id(request.room_id());
    message.set_seq(static_cast<int64_t>(idempotency_keys_.size()));
    message.set_text(request.text());
    message.set_idempotency_key(request.idempotency_key());
    return message;
  }

  // Serves rooms "room-0" to "room-4", two per page whatever the client
  // requests, so that a client must follow the page tokens.
  Result<v1::ListRoomsResponse> ListRooms(const CallContext&,
                                          const v1::ListRoomsRequest& request) override {
    {
      std::lock_guard lock(mutex_);
      ++list_rooms_calls_;
    }
    int start = request.page_token().empty() ? 0 : std::stoi(request.page_token());
    v1::ListRoomsResponse response;
    for (int i = start; i < std::min(start + 2, 5); ++i) {
      response.add_rooms()->set_room_id("room-" + std::to_string(i));
    }
    if (start + 2 < 5) response.set_next_page_token(std::to_string(start + 2));
    return response;
  }

  void Subscribe(const v1::SubscribeRequest& request,
                 std::shared_ptr<ServerStream<v1::Event>> stream) override {
    std::lock_guard lock(mutex_);
    subscribe_requests_.push_back(request);
    if (!subscribe_error_.ok()) {
      stream->Finish(subscribe_error_);
    } else {
      streams_.push_back(stream);
    }
    changed_.notify_all();
  }

  // Makes every later Subscribe call fail with `status`.
  void FailSubscribeWith(Status status) {
    std::lock_guard lock(mutex_);
    subscribe_error_ = std::move(status);
  }

  // Waits until `count` Subscribe calls have arrived.
  bool WaitForSubscribeCalls(size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit,
                             [&] { return subscribe_requests_.size() >= count; });
  }

  // Writes `event` to the newest open stream.
  bool WriteEvent(const v1::Event& event) {
    std::lock_guard lock(mutex_);
    if (streams_.empty()) return false;
    return streams_.back()->Write(event);
  }

  bool WriteMessage(const std::string& room_id, int64_t seq) {
    v1::Event event;
    event.mutable_message()->set_room_id(room_id);
    event.mutable_message()->set_seq(seq);
    return WriteEvent(event);
  }

  std::vector<v1::SubscribeRequest> subscribe_requests() const {
    std::lock_guard lock(mutex_);
    return subscribe_requests_;
  }
  std::vector<std::string> whoami_tokens() const {
    std::lock_guard lock(mutex_);
    return whoami_tokens_;
  }
  std::vector<std::string> logout_tokens() const {
    std::lock_guard lock(mutex_);
    return logout_tokens_;
  }
  std::vector<std::string> idempotency_keys() const {
    std::lock_guard lock(mutex_);
    return idempotency_keys_;
  }
  int list_rooms_calls() const {
    std::lock_guard lock(mutex_);
    return list_rooms_calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> whoami_tokens_;
  std::vector<std::string> logout_tokens_;
  std::vector<std::string> idempotency_keys_;
  int list_rooms_calls_ = 0;
  std::vector<v1::SubscribeRequest> subscribe_requests_;
  std::vector<std::shared_ptr<ServerStream<v1::Event>>> streams_;
  Status subscribe_error_;
};

// Collects what a Subscription reports, for the test thread to wait on.
class SubscriptionLog {
 public:
  Client::EventCallback OnEvent() {
    return [this](const v1::Event& event) {
      std::lock_guard lock(mutex_);
      events_.push_back(event);
      changed_.notify_all();
    };
  }
  Client::DoneCallback OnDone() {
    return [this](const Status& status) {
      std::lock_guard lock(mutex_);
      done_statuses_.push_back(status);
      changed_.notify_all();
    };
  }
  Client::ReconnectCallback OnReconnect() {
    return [this](const Status& status) {
      std::lock_guard lock(mutex_);
      reconnect_statuses_.push_back(status);
      changed_.notify_all();
    };
  }

  bool WaitForEvents(size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return events_.size() >= count; });
  }
  bool WaitForDone() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return !done_statuses_.empty(); });
  }
  bool WaitForReconnect() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return !reconnect_statuses_.empty(); });
  }

  // The sequences of the message events received, in order.
  std::vector<int64_t> MessageSeqs() const {
    std::lock_guard lock(mutex_);
    std::vector<int64_t> seqs;
    for (const v1::Event& event : events_) {
      if (event.has_message()) seqs.push_back(event.message().seq());
    }
    return seqs;
  }
  std::vector<v1::Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<Status> done_statuses() const {
    std::lock_guard lock(mutex_);
    return done_statuses_;
  }
  std::vector<Status> reconnect_statuses() const {
    std::lock_guard lock(mutex_);
    return reconnect_statuses_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<v1::Event> events_;
  std::vector<Status> done_statuses_;
  std::vector<Status> reconnect_statuses_;
};

std::map<std::string, int64_t> CursorsOf(const v1::SubscribeRequest& request) {
  std::map<std::string, int64_t> cursors;
  for (const v1::RoomCursor& cursor : request.cursors()) {
    cursors[cursor.room_id()] = cursor.after_seq();
  }
  return cursors;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StartGateway("127.0.0.1:0");
    ClientConfig config;
    config.client.timeout = 5s;
    config.client.retry.initial_backoff = 20ms;
    auto client = Client::Connect(server_->address(), config);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = *std::move(client);
  }

  void TearDown() override {
    client_.reset();
    if (server_) server_->Shutdown();
  }

  // Hosts a new FakeGateway at `address`.
  void StartGateway(const std::string& address) {
    gateway_ = std::make_shared<FakeGateway>();
    ServerOptions options;
    options.address = address;
    options.shutdown_grace = 500ms;
    auto server = Server::Start(options, {gateway_});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = *std::move(server);
  }

  // Options that retry fast, so reconnects do not slow the tests down.
  static SubscribeOptions FastSubscribeOptions() {
    SubscribeOptions options;
    options.initial_backoff = 50ms;
    options.max_backoff = 200ms;
    return options;
  }

  std::shared_ptr<FakeGateway> gateway_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Client> client_;
};

TEST(ClientConnectTest, EmptyAddressIsInvalid) {
  auto client = Client::Connect("");
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), Code::kInvalidArgument);
}

TEST_F(ClientTest, LoginStoresTokenForLaterCalls) {
  auto login = client_->Login("alice", kPassword);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(client_->token(), kToken);

  auto user = client_->WhoAmI();
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->username(), "alice");
  ASSERT_EQ(gateway_->whoami_tokens().size(), 1u);
  EXPECT_EQ(gateway_->whoami_tokens()[0], kToken);
}

TEST_F(ClientTest, FailedLoginStoresNoToken) {
  auto login = client_->Login("alice", "wrong password");
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(client_->token(), "");
}

TEST_F(ClientTest, LogoutRevokesAndClearsToken) {
  ASSERT_TRUE(client_->Login("alice", kPassword).ok());

  Status logout = client_->Logout();
  ASSERT_TRUE(logout.ok()) << logout.ToString();
  EXPECT_EQ(client_->token(), "");
  ASSERT_EQ(gateway_->logout_tokens().size(), 1u);
  EXPECT_EQ(gateway_->logout_tokens()[0], kToken);

  auto user = client_->WhoAmI();
  EXPECT_EQ(user.status().code(), Code::kUnauthenticated);
  ASSERT_EQ(gateway_->whoami_tokens().size(), 1u);
  EXPECT_EQ(gateway_->whoami_tokens()[0], "");
}

TEST_F(ClientTest, SetTokenIsAttached) {
  client_->set_token(kToken);
  EXPECT_TRUE(client_->WhoAmI().ok());
}

TEST_F(ClientTest, SendGeneratesRandomKey) {
  ASSERT_TRUE(client_->Send("general", "one").ok());
  ASSERT_TRUE(client_->Send("general", "two").ok());
  ASSERT_TRUE(client_->Send("general", "three", "my-key").ok());

  std::vector<std::string> keys = gateway_->idempotency_keys();
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].size(), 32u);
  EXPECT_EQ(keys[0].find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(keys[1].size(), 32u);
  EXPECT_NE(keys[0], keys[1]);
  EXPECT_EQ(keys[2], "my-key");
}

TEST_F(ClientTest, ListRoomsWalksPages) {
  auto rooms = client_->ListRooms();
  ASSERT_TRUE(rooms.ok()) << rooms.status().ToString();
  ASSERT_EQ(rooms->size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ((*rooms)[i].room_id(), "room-" + std::to_string(i));
  EXPECT_EQ(gateway_->list_rooms_calls(), 3);
}

TEST_F(ClientTest, ListRoomsStopsAtMax) {
  auto rooms = client_->ListRooms(v1::ROOM_SCOPE_VISIBLE, 3);
  ASSERT_TRUE(rooms.ok()) << rooms.status().ToString();
  EXPECT_EQ(rooms->size(), 3u);
  EXPECT_EQ(gateway_->list_rooms_calls(), 2);
}

TEST_F(ClientTest, SubscribeDeliversEvents) {
  client_->set_token(kToken);
  SubscriptionLog log;
  auto subscription = client_->Subscribe(FastSubscribeOptions(), log.OnEvent(), log.OnDone());
  ASSERT_TRUE(gateway_->WaitForSubscribeCalls(1));

  v1::Event ready;
  ready.mutable_ready()->add_room_ids("general");
  ASSERT_TRUE(gateway_->WriteEvent(ready));
  ASSERT_TRUE(gateway_->WriteMessage("general", 1));
  ASSERT_TRUE(log.WaitForEvents(2));

  std::vector<v1::Event> events = log.events();
  EXPECT_TRUE(events[0].has_ready());
  ASSERT_TRUE(events[1].has_message());
  EXPECT_EQ(events[1].message().seq(), 1);
  EXPECT_EQ(subscription->Cursors()["general"], 1);

  std::vector<v1::SubscribeRequest> requests = gateway_->subscribe_requests();
  EXPECT_EQ(requests[0].cursors_size(), 0);
}

TEST_F(ClientTest, SubscribeDropsDuplicates) {
  SubscribeOptions options = FastSubscribeOptions();
  options.after_seq["general"] = 2;
  SubscriptionLog log;
  auto subscription = client_->Subscribe(options, log.OnEvent(), log.OnDone());
  ASSERT_TRUE(gateway_->WaitForSubscribeCalls(1));

  for (int64_t seq : {1, 2, 3, 3, 2, 4}) ASSERT_TRUE(gateway_->WriteMessage("general", seq));
  ASSERT_TRUE(gateway_->WriteMessage("random", 7));
  ASSERT_TRUE(gateway_->WriteMessage("random", 7));
  ASSERT_TRUE(gateway_->WriteMessage("random", 8));
  ASSERT_TRUE(log.WaitForEvents(4));
  subscription->Stop();

  EXPECT_EQ(log.MessageSeqs(), (std::vector<int64_t>{3, 4, 7, 8}));
  std::map<std::string, int64_t> cursors = subscription->Cursors();
  EXPECT_EQ(cursors["general"], 4);
  EXPECT_EQ(cursors["random"], 8);
}

TEST_F(ClientTest, SubscribeResumesAfterGatewayRestart) {
  SubscribeOptions options = FastSubscribeOptions();
  options.after_seq["general"] = 5;
  SubscriptionLog log;
  auto subscription =
      client_->Subscribe(options, log.OnEvent(), log.OnDone(), log.OnReconnect());
  ASSERT_TRUE(gateway_->WaitForSubscribeCalls(1));
  EXPECT_EQ(CursorsOf(gateway_->subscribe_requests()[0]),
            (std::map<std::string, int64_t>{{"general", 5}}));

  ASSERT_TRUE(gateway_->WriteMessage("general", 6));
  ASSERT_TRUE(gateway_->WriteMessage("general", 7));
  ASSERT_TRUE(gateway_->WriteMessage("random", 3));
  ASSERT_TRUE(log.WaitForEvents(3));

  // A new gateway on the same port stands for a restarted one.
  std::string address = server_->address();
  server_->Shutdown();
  ASSERT_TRUE(log.WaitForReconnect());
  EXPECT_EQ(log.reconnect_statuses()[0].code(), Code::kUnavailable);
  StartGateway(address);
  ASSERT_TRUE(gateway_->WaitForSubscribeCalls(1));
  EXPECT_EQ(CursorsOf(gateway_->subscribe_requests()[0]),
            (std::map<std::string, int64_t>{{"general", 7}, {"random", 3}}));

  // The restarted gateway repeats message 7, which must not be delivered
  // twice.
  ASSERT_TRUE(gateway_->WriteMessage("general", 7));
  ASSERT_TRUE(gateway_->WriteMessage("general", 8));
  ASSERT_TRUE(log.WaitForEvents(4));
  subscription->Stop();

  EXPECT_EQ(log.MessageSeqs(), (std::vector<int64_t>{6, 7, 3, 8}));
  ASSERT_EQ(log.done_statuses().size(), 1u);
  EXPECT_TRUE(log.done_statuses()[0].ok());
}

TEST_F(ClientTest, SubscribeStopsOnUnauthenticated) {
  gateway_->FailSubscribeWith(UnauthenticatedError("missing or unknown token"));
  SubscriptionLog log;
  auto subscription = client_->Subscribe(FastSubscribeOptions(), log.OnEvent(), log.OnDone(),
                                         log.OnReconnect());
  ASSERT_TRUE(log.WaitForDone());

  ASSERT_EQ(log.done_statuses().size(), 1u);
  EXPECT_EQ(log.done_statuses()[0].code(), Code::kUnauthenticated);
  EXPECT_TRUE(subscription->IsStopped());
  EXPECT_TRUE(log.reconnect_statuses().empty());
  EXPECT_EQ(gateway_->subscribe_requests().size(), 1u);

  // Stopping a finished subscription does not report it again.
  subscription->Stop();
  EXPECT_EQ(log.done_statuses().size(), 1u);
}

TEST_F(ClientTest, StopEndsOpenStreamWithOk) {
  SubscriptionLog log;
  auto subscription = client_->Subscribe(FastSubscribeOptions(), log.OnEvent(), log.OnDone(),
                                         log.OnReconnect());
  ASSERT_TRUE(gateway_->WaitForSubscribeCalls(1));

  subscription->Stop();
  EXPECT_TRUE(subscription->IsStopped());
  ASSERT_EQ(log.done_statuses().size(), 1u);
  EXPECT_TRUE(log.done_statuses()[0].ok());
  EXPECT_TRUE(log.reconnect_statuses().empty());
}

TEST_F(ClientTest, StopInterruptsBackoff) {
  server_->Shutdown();
  SubscribeOptions options;
  options.initial_backoff = 60s;
  options.max_backoff = 60s;
  SubscriptionLog log;
  auto subscription =
      client_->Subscribe(options, log.OnEvent(), log.OnDone(), log.OnReconnect());
  ASSERT_TRUE(log.WaitForReconnect());

  auto start = std::chrono::steady_clock::now();
  subscription->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  ASSERT_EQ(log.done_statuses().size(), 1u);
  EXPECT_TRUE(log.done_statuses()[0].ok());
}

TEST_F(ClientTest, DestructorStopsSubscription) {
  SubscriptionLog log;
  {
    auto subscription = client_->Subscribe(FastSubscribeOptions(), log.OnEvent(), log.OnDone());
    ASSERT_TRUE(gateway_->WaitForSubscribeCalls(1));
  }
  ASSERT_EQ(log.done_statuses().size(), 1u);
  EXPECT_TRUE(log.done_statuses()[0].ok());
}

}  // namespace
}  // namespace dchat
