// End-to-end tests over the real server binaries: a two-user chat with
// live delivery, history and presence; a message server restart in the
// middle of a stream; and bad input rejected without side effects.
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "support/system.h"

namespace dchat {
namespace {

using namespace std::chrono_literals;
using testing::System;

constexpr char kPassword[] = "correct horse battery";

// A user logged in to the gateway, with a client that carries the token.
struct Account {
  std::shared_ptr<SessionToken> token = std::make_shared<SessionToken>();
  std::unique_ptr<GatewayClient> client;
  v1::User user;
};

class ChatFlowTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(system_.Start().ok()); }

  Account SignUp(const std::string& username) {
    Account account;
    account.client = std::make_unique<GatewayClient>(system_.NewClient(account.token));

    v1::RegisterRequest registration;
    registration.set_username(username);
    registration.set_password(kPassword);
    auto user = account.client->Register(registration);
    EXPECT_TRUE(user.ok()) << user.status().ToString();

    v1::LoginRequest login;
    login.set_username(username);
    login.set_password(kPassword);
    auto session = account.client->Login(login);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    if (session.ok()) {
      account.token->Set(session->token());
      account.user = session->user();
    }
    return account;
  }

  static v1::SendMessageRequest Send(const std::string& room, const std::string& text,
                                     const std::string& key = "") {
    v1::SendMessageRequest request;
    request.set_room_id(room);
    request.set_text(text);
    request.set_idempotency_key(key);
    return request;
  }

  static v1::JoinRoomRequest Join(const std::string& room) {
    v1::JoinRoomRequest request;
    request.set_room_id(room);
    return request;
  }

  static v1::SubscribeRequest FollowFrom(const std::string& room, int64_t after_seq) {
    v1::SubscribeRequest request;
    auto* cursor = request.add_cursors();
    cursor->set_room_id(room);
    cursor->set_after_seq(after_seq);
    return request;
  }

  // Reads events until the stream's ready marker; fails after `timeout`.
  static void ReadUntilReady(StreamReader<v1::Event>& stream) {
    v1::Event event;
    while (stream.Read(&event)) {
      if (event.has_ready()) return;
    }
    FAIL() << "stream ended before it was ready: " << stream.Finish().ToString();
  }

  System system_;
};

TEST_F(ChatFlowTest, TwoUsersChatLiveWithHistoryAndPresence) {
  Account alice = SignUp("alice");
  Account bob = SignUp("bob");

  v1::CreateRoomRequest create;
  create.set_name("Lounge");
  create.set_topic("first chat");
  auto room = alice.client->CreateRoom(create);
  ASSERT_TRUE(room.ok()) << room.status().ToString();
  ASSERT_EQ(room->room_id(), "lounge");
  ASSERT_TRUE(bob.client->JoinRoom(Join("lounge")).ok());

  // Both follow their events; bob's stream receives alice's messages.
  auto alice_stream = alice.client->Subscribe(v1::SubscribeRequest());
  auto bob_stream = bob.client->Subscribe(FollowFrom("lounge", 0));
  ReadUntilReady(*alice_stream);
  ReadUntilReady(*bob_stream);

  constexpr int kMessages = 200;
  std::thread sender([&] {
    for (int i = 1; i <= kMessages; ++i) {
      auto sent = alice.client->SendMessage(Send("lounge", "message " + std::to_string(i)));
      ASSERT_TRUE(sent.ok()) << sent.status().ToString();
      ASSERT_EQ(sent->seq(), i);
    }
  });

  std::vector<v1::Message> received;
  v1::Event event;
  while (received.size() < kMessages && bob_stream->Read(&event)) {
    if (event.has_message() && event.message().room_id() == "lounge") {
      received.push_back(event.message());
    }
  }
  sender.join();

  ASSERT_EQ(received.size(), static_cast<size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ(received[i].seq(), i + 1);
    EXPECT_EQ(received[i].text(), "message " + std::to_string(i + 1));
    EXPECT_EQ(received[i].sender_id(), alice.user.user_id());
    EXPECT_EQ(received[i].sender_username(), "alice");
  }

  // History pages, oldest first, hold the same messages.
  std::vector<v1::Message> history;
  v1::ListMessagesRequest page_request;
  page_request.set_room_id("lounge");
  page_request.set_limit(64);
  page_request.set_after_seq(0);
  for (;;) {
    auto page = bob.client->ListMessages(page_request);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    history.insert(history.end(), page->messages().begin(), page->messages().end());
    if (!page->has_more()) break;
    page_request.set_after_seq(page->messages().rbegin()->seq());
  }
  ASSERT_EQ(history.size(), received.size());
  for (size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(history[i].seq(), received[i].seq());
    EXPECT_EQ(history[i].text(), received[i].text());
    EXPECT_EQ(history[i].created_at_us(), received[i].created_at_us());
  }

  // Both have an open stream, so both are online.
  v1::GetPresenceRequest presence_request;
  presence_request.add_user_ids(alice.user.user_id());
  presence_request.add_user_ids(bob.user.user_id());
  auto both = alice.client->GetPresence(presence_request);
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  ASSERT_EQ(both->presences_size(), 2);
  EXPECT_EQ(both->presences(0).status(), v1::PRESENCE_STATUS_ONLINE);
  EXPECT_EQ(both->presences(1).status(), v1::PRESENCE_STATUS_ONLINE);

  // Once bob's stream closes and the time to live (1.5 s) passes, alice's
  // stream reports him offline.
  bob_stream.reset();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  bool saw_offline = false;
  while (!saw_offline && std::chrono::steady_clock::now() < deadline && alice_stream->Read(&event)) {
    saw_offline = event.has_presence() &&
                  event.presence().presence().user_id() == bob.user.user_id() &&
                  event.presence().presence().status() == v1::PRESENCE_STATUS_OFFLINE;
  }
  EXPECT_TRUE(saw_offline);

  auto after = alice.client->GetPresence(presence_request);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->presences(0).status(), v1::PRESENCE_STATUS_ONLINE);
  EXPECT_EQ(after->presences(1).status(), v1::PRESENCE_STATUS_OFFLINE);
}

TEST_F(ChatFlowTest, MessageServerRestartKeepsHistoryAndStream) {
  Account alice = SignUp("alice");
  Account bob = SignUp("bob");
  ASSERT_TRUE(alice.client->JoinRoom(Join("general")).ok());
  ASSERT_TRUE(bob.client->JoinRoom(Join("general")).ok());

  // Bob follows with a resuming reader: after a broken stream he
  // resubscribes from the last sequence he has.
  std::mutex mutex;
  std::vector<int64_t> seen;                  // guarded by mutex
  StreamReader<v1::Event>* current = nullptr;  // guarded by mutex
  std::atomic<bool> stop{false};
  std::atomic<int> reconnects{0};
  auto seen_count = [&] {
    std::lock_guard lock(mutex);
    return seen.size();
  };
  std::thread follower([&] {
    int64_t last = 0;
    while (!stop) {
      auto stream = bob.client->Subscribe(FollowFrom("general", last));
      {
        std::lock_guard lock(mutex);
        current = stream.get();
      }
      v1::Event event;
      while (!stop && stream->Read(&event)) {
        if (event.has_message() && event.message().room_id() == "general") {
          std::lock_guard lock(mutex);
          seen.push_back(event.message().seq());
          last = event.message().seq();
        }
      }
      {
        std::lock_guard lock(mutex);
        current = nullptr;
      }
      if (stop) break;
      ++reconnects;
      std::this_thread::sleep_for(100ms);
    }
  });

  for (int i = 1; i <= 50; ++i) {
    ASSERT_TRUE(alice.client->SendMessage(Send("general", "before " + std::to_string(i))).ok());
  }
  ASSERT_TRUE(system_.message().Restart().ok());

  // The first send after the restart is retried with the same key, as a
  // client does when it never saw the reply: it is stored once.
  auto first = alice.client->SendMessage(Send("general", "after restart", "retry-key-1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto retried = alice.client->SendMessage(Send("general", "after restart", "retry-key-1"));
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->seq(), first->seq());
  EXPECT_EQ(first->seq(), 51);
  for (int i = 2; i <= 50; ++i) {
    ASSERT_TRUE(alice.client->SendMessage(Send("general", "after " + std::to_string(i))).ok());
  }

  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (seen_count() < 100 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  stop = true;
  {
    std::lock_guard lock(mutex);
    if (current != nullptr) current->Cancel();
  }
  follower.join();

  ASSERT_EQ(seen.size(), 100u) << "reconnects: " << reconnects;
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i + 1));

  v1::ListMessagesRequest history;
  history.set_room_id("general");
  history.set_limit(500);
  auto page = alice.client->ListMessages(history);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->messages_size(), 100);
  EXPECT_EQ(page->last_seq(), 100);
  EXPECT_EQ(page->messages(0).text(), "before 1");
  EXPECT_EQ(page->messages(50).text(), "after restart");
}

TEST_F(ChatFlowTest, BacklogThenLiveWithoutGapOrDuplicate) {
  Account alice = SignUp("alice");
  Account bob = SignUp("bob");
  ASSERT_TRUE(alice.client->JoinRoom(Join("general")).ok());
  ASSERT_TRUE(bob.client->JoinRoom(Join("general")).ok());
  for (int i = 1; i <= 700; ++i) {
    ASSERT_TRUE(alice.client->SendMessage(Send("general", "old " + std::to_string(i))).ok());
  }

  // Bob resumes after 100 while alice keeps sending: the backlog (several
  // pages) and the live messages must join without a gap or a duplicate.
  auto stream = bob.client->Subscribe(FollowFrom("general", 100));
  std::thread sender([&] {
    for (int i = 701; i <= 1000; ++i) {
      ASSERT_TRUE(alice.client->SendMessage(Send("general", "new " + std::to_string(i))).ok());
    }
  });
  std::vector<int64_t> seqs;
  bool ready_seen = false;
  v1::Event event;
  while (seqs.size() < 900 && stream->Read(&event)) {
    if (event.has_ready()) ready_seen = true;
    if (event.has_message()) seqs.push_back(event.message().seq());
  }
  sender.join();

  EXPECT_TRUE(ready_seen);
  ASSERT_EQ(seqs.size(), 900u);
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<int64_t>(101 + i));
}

TEST_F(ChatFlowTest, BadInputRejectedWithoutChanges) {
  Account alice = SignUp("alice");
  Account bob = SignUp("bob");
  ASSERT_TRUE(alice.client->JoinRoom(Join("general")).ok());
  ASSERT_TRUE(alice.client->SendMessage(Send("general", "hello")).ok());

  struct Case {
    std::string name;
    v1::SendMessageRequest request;
    Code code;
  };
  std::vector<Case> cases = {
      {"empty text", Send("general", ""), Code::kInvalidArgument},
      {"blank text", Send("general", " \t\n "), Code::kInvalidArgument},
      {"oversized text", Send("general", std::string(4097, 'x')), Code::kInvalidArgument},
      {"invalid UTF-8", Send("general", "bad \xC0\xAF byte"), Code::kInvalidArgument},
      {"unknown room", Send("no-such-room", "hi"), Code::kNotFound},
  };
  for (const Case& bad : cases) {
    auto sent = alice.client->SendMessage(bad.request);
    EXPECT_EQ(sent.status().code(), bad.code) << bad.name << ": " << sent.status().ToString();
    EXPECT_FALSE(sent.status().message().empty()) << bad.name;
  }

  // Bob has not joined general.
  auto outsider = bob.client->SendMessage(Send("general", "let me in"));
  EXPECT_EQ(outsider.status().code(), Code::kPermissionDenied);
  EXPECT_NE(outsider.status().message().find("general"), std::string::npos);

  // A forged token.
  auto forged_token = std::make_shared<SessionToken>(std::string(64, 'a'));
  GatewayClient forged = system_.NewClient(forged_token);
  EXPECT_EQ(forged.SendMessage(Send("general", "forged")).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(system_.NewClient().SendMessage(Send("general", "anonymous")).status().code(),
            Code::kUnauthenticated);

  // Nothing above was stored.
  v1::ListMessagesRequest history;
  history.set_room_id("general");
  auto page = alice.client->ListMessages(history);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->last_seq(), 1);
  ASSERT_EQ(page->messages_size(), 1);
  EXPECT_EQ(page->messages(0).text(), "hello");

  // Page sizes: 0 means the default, 10,000 is out of range.
  history.set_limit(0);
  EXPECT_TRUE(alice.client->ListMessages(history).ok());
  history.set_limit(10000);
  auto too_big = alice.client->ListMessages(history);
  EXPECT_EQ(too_big.status().code(), Code::kInvalidArgument);
  EXPECT_NE(too_big.status().message().find("10000"), std::string::npos);
  v1::ListRoomsRequest rooms;
  rooms.set_page_size(10000);
  EXPECT_EQ(alice.client->ListRooms(rooms).status().code(), Code::kInvalidArgument);

  // Accounts: a username taken in another case, an empty password.
  v1::RegisterRequest duplicate;
  duplicate.set_username("ALICE");
  duplicate.set_password(kPassword);
  auto taken = alice.client->Register(duplicate);
  EXPECT_EQ(taken.status().code(), Code::kAlreadyExists);
  v1::RegisterRequest no_password;
  no_password.set_username("carol");
  auto rejected = alice.client->Register(no_password);
  EXPECT_EQ(rejected.status().code(), Code::kInvalidArgument);
  EXPECT_NE(rejected.status().message().find("password"), std::string::npos);
  v1::LoginRequest carol;
  carol.set_username("carol");
  carol.set_password(kPassword);
  EXPECT_EQ(alice.client->Login(carol).status().code(), Code::kUnauthenticated);
}

TEST(TokenExpiryTest, ExpiredTokenRejected) {
  testing::SystemOptions options;
  options.user_arguments = {"--token-ttl", "1"};
  options.gateway_arguments = {"--token-cache-ms", "0"};
  System system(options);
  ASSERT_TRUE(system.Start().ok());
  auto token = std::make_shared<SessionToken>();
  GatewayClient client = system.NewClient(token);

  v1::RegisterRequest registration;
  registration.set_username("dave");
  registration.set_password(kPassword);
  ASSERT_TRUE(client.Register(registration).ok());
  v1::LoginRequest login;
  login.set_username("dave");
  login.set_password(kPassword);
  auto session = client.Login(login);
  ASSERT_TRUE(session.ok());
  token->Set(session->token());
  ASSERT_TRUE(client.WhoAmI(v1::WhoAmIRequest()).ok());

  std::this_thread::sleep_for(1500ms);
  auto expired = client.WhoAmI(v1::WhoAmIRequest());

  EXPECT_EQ(expired.status().code(), Code::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("log in again"), std::string::npos);
}

}  // namespace
}  // namespace dchat
