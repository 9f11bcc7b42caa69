// End-to-end tests of a scaled deployment over the real server binaries:
// two message servers keep their logs in one PostgreSQL database, each
// behind a gateway of its own, and both gateways share the user, room and
// presence servers.
//
//   alice ─► gateway 1 ─► message A ─┐
//                                    ├─► PostgreSQL (LISTEN/NOTIFY)
//   bob   ─► gateway 2 ─► message B ─┘
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/event_collector.h"
#include "support/postgres_server.h"
#include "support/system.h"

namespace dchat {
namespace {

using namespace std::chrono_literals;
using testing::EventCollector;
using testing::PostgresServer;
using testing::ServerProcess;
using testing::System;
using testing::SystemOptions;

constexpr char kPassword[] = "correct horse battery";
constexpr char kRoom[] = "general";

// Time for a follower to receive every message of a test. Generous,
// because the machines that run the tests may be busy.
constexpr auto kDeliveryTimeout = 60s;

// A user logged in through one gateway, with a client that carries the
// token.
struct Account {
  std::shared_ptr<SessionToken> token = std::make_shared<SessionToken>();
  std::unique_ptr<GatewayClient> client;
  v1::User user;
};

// An event stream on one gateway and the events it has delivered.
struct Follower {
  EventCollector<v1::Event> events;  // declared first, so it outlives the stream
  std::unique_ptr<StreamReader<v1::Event>> stream;
};

v1::SendMessageRequest Send(const std::string& text, const std::string& key = "") {
  v1::SendMessageRequest request;
  request.set_room_id(kRoom);
  request.set_text(text);
  request.set_idempotency_key(key);
  return request;
}

bool IsRoomMessage(const v1::Event& event) {
  return event.has_message() && event.message().room_id() == kRoom;
}

// The sequences of the room's messages that `follower` received, in
// arrival order.
std::vector<int64_t> ReceivedSeqs(const Follower& follower) {
  std::vector<int64_t> seqs;
  for (const v1::Event& event : follower.events.Matching(IsRoomMessage)) {
    seqs.push_back(event.message().seq());
  }
  return seqs;
}

std::vector<int64_t> SeqsFromOneTo(int64_t last) {
  std::vector<int64_t> seqs;
  for (int64_t seq = 1; seq <= last; ++seq) seqs.push_back(seq);
  return seqs;
}

class ScaledDeploymentTest : public ::testing::Test {
 protected:
  // Gateway 1 calls message server A (the System's own), gateway 2 calls
  // message server B, and both message servers use one new database.
  void SetUp() override {
    Result<PostgresServer*> postgres = PostgresServer::Shared();
    ASSERT_TRUE(postgres.ok()) << "cannot start PostgreSQL for the test: "
                               << postgres.status().ToString();
    Result<std::string> conninfo = (*postgres)->CreateDatabase();
    ASSERT_TRUE(conninfo.ok()) << conninfo.status().ToString();

    SystemOptions options;
    options.message_arguments = {"--postgres-url", *conninfo};
    system_ = std::make_unique<System>(options);
    const Status started = system_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();

    Result<ServerProcess*> message_b = system_->AddMessageServer();
    ASSERT_TRUE(message_b.ok()) << message_b.status().ToString();
    message_b_ = *message_b;
    Result<ServerProcess*> gateway_2 = system_->AddGateway(message_b_->address());
    ASSERT_TRUE(gateway_2.ok()) << gateway_2.status().ToString();
    gateway_2_ = *gateway_2;
  }

  ServerProcess& message_a() { return system_->message(); }
  ServerProcess& gateway_1() { return system_->gateway(); }

  // Registers `username`, logs in through `gateway` and joins the room.
  Account SignUp(const ServerProcess& gateway, const std::string& username) {
    Account account;
    account.client = std::make_unique<GatewayClient>(system_->NewClient(gateway, account.token));

    v1::RegisterRequest registration;
    registration.set_username(username);
    registration.set_password(kPassword);
    auto registered = account.client->Register(registration);
    EXPECT_TRUE(registered.ok()) << username << ": " << registered.status().ToString();

    v1::LoginRequest login;
    login.set_username(username);
    login.set_password(kPassword);
    auto session = account.client->Login(login);
    EXPECT_TRUE(session.ok()) << username << ": " << session.status().ToString();
    if (!session.ok()) return account;
    account.token->Set(session->token());
    account.user = session->user();

    v1::JoinRoomRequest join;
    join.set_room_id(kRoom);
    auto joined = account.client->JoinRoom(join);
    EXPECT_TRUE(joined.ok()) << username << ": " << joined.status().ToString();
    return account;
  }

  // Follows the room from after `after_seq` and waits for the stream's
  // ready marker.
  static std::unique_ptr<Follower> Follow(const GatewayClient& client, int64_t after_seq) {
    auto follower = std::make_unique<Follower>();
    v1::SubscribeRequest request;
    v1::RoomCursor* cursor = request.add_cursors();
    cursor->set_room_id(kRoom);
    cursor->set_after_seq(after_seq);
    follower->stream =
        client.Subscribe(request, follower->events.OnMessage(), follower->events.OnDone());

    const bool ready =
        follower->events.WaitFor([](const v1::Event& event) { return event.has_ready(); }, 10s)
            .has_value();
    EXPECT_TRUE(ready) << "the event stream sent no ready marker within 10 s";
    return follower;
  }

  // Waits until `follower` has received the message with sequence `seq`.
  static bool WaitForSeq(Follower& follower, int64_t seq) {
    return follower.events
        .WaitFor(
            [seq](const v1::Event& event) {
              return IsRoomMessage(event) && event.message().seq() == seq;
            },
            kDeliveryTimeout)
        .has_value();
  }

  // Reads the room's whole history through `client`, oldest first.
  static void ReadHistory(const GatewayClient& client, std::vector<v1::Message>* history) {
    v1::ListMessagesRequest request;
    request.set_room_id(kRoom);
    request.set_limit(64);
    request.set_after_seq(0);
    for (int page_count = 0; page_count < 1000; ++page_count) {
      auto page = client.ListMessages(request);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      history->insert(history->end(), page->messages().begin(), page->messages().end());
      if (!page->has_more()) return;
      ASSERT_GT(page->messages_size(), 0) << "a page with has_more set is empty";
      request.set_after_seq(page->messages().rbegin()->seq());
    }
    FAIL() << "history has more than 1000 pages";
  }

  // Checks that the history through gateway 1 and through gateway 2 is the
  // same, with the sequences 1 to `last_seq`.
  void ExpectSameHistoryThroughBoth(const Account& account, int64_t last_seq) {
    GatewayClient through_1 = system_->NewClient(gateway_1(), account.token);
    GatewayClient through_2 = system_->NewClient(*gateway_2_, account.token);
    std::vector<v1::Message> history_1;
    std::vector<v1::Message> history_2;
    ASSERT_NO_FATAL_FAILURE(ReadHistory(through_1, &history_1));
    ASSERT_NO_FATAL_FAILURE(ReadHistory(through_2, &history_2));

    ASSERT_EQ(history_1.size(), static_cast<size_t>(last_seq));
    ASSERT_EQ(history_2.size(), history_1.size());
    for (size_t i = 0; i < history_1.size(); ++i) {
      EXPECT_EQ(history_1[i].seq(), static_cast<int64_t>(i + 1));
      EXPECT_EQ(history_2[i].seq(), history_1[i].seq());
      EXPECT_EQ(history_2[i].text(), history_1[i].text()) << "seq " << history_1[i].seq();
      EXPECT_EQ(history_2[i].sender_id(), history_1[i].sender_id()) << "seq " << history_1[i].seq();
      EXPECT_EQ(history_2[i].created_at_us(), history_1[i].created_at_us())
          << "seq " << history_1[i].seq();
    }
  }

  std::unique_ptr<System> system_;
  ServerProcess* message_b_ = nullptr;
  ServerProcess* gateway_2_ = nullptr;
};

// The messages one sender sent in order, one after another, and the first
// failure, if any.
struct SentMessages {
  std::vector<v1::Message> messages;
  std::string error;
};

// Sends `count` messages through `client`, each after the previous one is
// acknowledged. Stops at the first failure.
SentMessages SendInOrder(const GatewayClient& client, const std::string& prefix, int count) {
  SentMessages sent;
  for (int i = 1; i <= count; ++i) {
    auto message = client.SendMessage(Send(prefix + " " + std::to_string(i)));
    if (!message.ok()) {
      sent.error = prefix + " " + std::to_string(i) + ": " + message.status().ToString();
      break;
    }
    sent.messages.push_back(*message);
  }
  return sent;
}

TEST_F(ScaledDeploymentTest, ConcurrentSendsShareOneSequence) {
  Account alice = SignUp(gateway_1(), "alice");
  Account bob = SignUp(*gateway_2_, "bob");
  std::unique_ptr<Follower> alice_follower = Follow(*alice.client, 0);
  std::unique_ptr<Follower> bob_follower = Follow(*bob.client, 0);

  // Alice sends through message server A and bob through B at the same
  // time, so their appends contend for the room's row in PostgreSQL.
  constexpr int kAliceMessages = 200;
  constexpr int kBobMessages = 100;
  constexpr int64_t kTotal = kAliceMessages + kBobMessages;
  std::future<SentMessages> alice_sending = std::async(std::launch::async, [&] {
    return SendInOrder(*alice.client, "alice", kAliceMessages);
  });
  std::future<SentMessages> bob_sending = std::async(std::launch::async, [&] {
    return SendInOrder(*bob.client, "bob", kBobMessages);
  });
  const SentMessages alice_sent = alice_sending.get();
  const SentMessages bob_sent = bob_sending.get();
  ASSERT_EQ(alice_sent.error, "");
  ASSERT_EQ(bob_sent.error, "");
  ASSERT_EQ(alice_sent.messages.size(), static_cast<size_t>(kAliceMessages));
  ASSERT_EQ(bob_sent.messages.size(), static_cast<size_t>(kBobMessages));

  // Each sender waited for each acknowledgement, so its own sequences
  // grow. Together the sequences are 1 to kTotal, each once.
  std::map<int64_t, v1::Message> sent_by_seq;
  for (const SentMessages* sent : {&alice_sent, &bob_sent}) {
    for (size_t i = 0; i < sent->messages.size(); ++i) {
      const v1::Message& message = sent->messages[i];
      if (i > 0) {
        EXPECT_GT(message.seq(), sent->messages[i - 1].seq()) << message.text();
      }
      const bool unique = sent_by_seq.emplace(message.seq(), message).second;
      EXPECT_TRUE(unique) << "seq " << message.seq() << " was assigned twice, the second time to "
                          << message.text();
    }
  }
  ASSERT_EQ(sent_by_seq.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(sent_by_seq.begin()->first, 1);
  EXPECT_EQ(sent_by_seq.rbegin()->first, kTotal);

  // Both followers receive every message, whichever server stored it, in
  // sequence order and once.
  for (Follower* follower : {alice_follower.get(), bob_follower.get()}) {
    const std::string name = follower == alice_follower.get() ? "alice" : "bob";
    ASSERT_TRUE(WaitForSeq(*follower, kTotal))
        << name << " did not receive seq " << kTotal << " within 60 s; received "
        << ReceivedSeqs(*follower).size() << " messages";
    EXPECT_EQ(ReceivedSeqs(*follower), SeqsFromOneTo(kTotal)) << name;

    for (const v1::Event& event : follower->events.Matching(IsRoomMessage)) {
      const v1::Message& received = event.message();
      const v1::Message& sent = sent_by_seq[received.seq()];
      EXPECT_EQ(received.text(), sent.text()) << name << ", seq " << received.seq();
      EXPECT_EQ(received.sender_id(), sent.sender_id()) << name << ", seq " << received.seq();
      EXPECT_EQ(received.created_at_us(), sent.created_at_us())
          << name << ", seq " << received.seq();
    }
  }

  ASSERT_NO_FATAL_FAILURE(ExpectSameHistoryThroughBoth(alice, kTotal));
  std::vector<v1::Message> history;
  ASSERT_NO_FATAL_FAILURE(ReadHistory(*bob.client, &history));
  for (const v1::Message& stored : history) {
    EXPECT_EQ(stored.text(), sent_by_seq[stored.seq()].text()) << "seq " << stored.seq();
  }
}

TEST_F(ScaledDeploymentTest, RetryThroughOtherGatewayReturnsOriginal) {
  Account alice = SignUp(gateway_1(), "alice");
  GatewayClient alice_on_2 = system_->NewClient(*gateway_2_, alice.token);

  // A client that never saw the reply retries through another gateway,
  // and so through the other message server.
  auto first = alice.client->SendMessage(Send("hello once", "key-1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto retried = alice_on_2.SendMessage(Send("hello once", "key-1"));
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->seq(), first->seq());
  EXPECT_EQ(retried->text(), first->text());
  EXPECT_EQ(retried->created_at_us(), first->created_at_us());

  // The same key sent through both gateways at once is stored once.
  constexpr int kRacingKeys = 20;
  for (int i = 1; i <= kRacingKeys; ++i) {
    const v1::SendMessageRequest request =
        Send("race " + std::to_string(i), "race-key-" + std::to_string(i));
    std::future<Result<v1::Message>> through_1 = alice.client->SendMessageAsync(request);
    std::future<Result<v1::Message>> through_2 = alice_on_2.SendMessageAsync(request);
    Result<v1::Message> sent_1 = through_1.get();
    Result<v1::Message> sent_2 = through_2.get();
    ASSERT_TRUE(sent_1.ok()) << request.idempotency_key() << ": " << sent_1.status().ToString();
    ASSERT_TRUE(sent_2.ok()) << request.idempotency_key() << ": " << sent_2.status().ToString();
    EXPECT_EQ(sent_1->seq(), sent_2->seq()) << request.idempotency_key();
    EXPECT_EQ(sent_1->seq(), i + 1) << request.idempotency_key();
  }

  ASSERT_NO_FATAL_FAILURE(ExpectSameHistoryThroughBoth(alice, 1 + kRacingKeys));
}

TEST_F(ScaledDeploymentTest, KilledMessageServerResumesSequence) {
  Account alice = SignUp(gateway_1(), "alice");
  Account bob = SignUp(*gateway_2_, "bob");
  std::unique_ptr<Follower> bob_follower = Follow(*bob.client, 0);

  constexpr int kBeforeKill = 20;
  for (int i = 1; i <= kBeforeKill; ++i) {
    auto sent = alice.client->SendMessage(Send("before " + std::to_string(i)));
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    ASSERT_EQ(sent->seq(), i);
  }

  message_a().Kill();

  // Message server B keeps serving while A is down, and gateway 1, which
  // has no other message server, rejects the send without storing it.
  auto while_down = bob.client->SendMessage(Send("while A is down"));
  ASSERT_TRUE(while_down.ok()) << while_down.status().ToString();
  EXPECT_EQ(while_down->seq(), kBeforeKill + 1);
  auto rejected = alice.client->SendMessage(Send("rejected"));
  EXPECT_EQ(rejected.status().code(), Code::kUnavailable) << rejected.status().ToString();

  const Status restarted = message_a().Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();

  // Gateway 1 reconnects to A after a backoff, so alice retries with an
  // idempotency key until the send is accepted, as a client would.
  Result<v1::Message> resumed = UnavailableError("not sent yet");
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    resumed = alice.client->SendMessage(Send("after restart", "after-restart"));
    if (resumed.ok() || resumed.status().code() != Code::kUnavailable) break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_TRUE(resumed.ok()) << "gateway 1 did not accept a send within 30 s of the restart: "
                            << resumed.status().ToString() << "\nmessage server A's log:\n"
                            << message_a().ReadLog();
  EXPECT_EQ(resumed->seq(), kBeforeKill + 2);

  // The restarted server's commit reaches bob through B, and B's commit
  // reaches a new follower on gateway 1 through the restarted A.
  ASSERT_TRUE(WaitForSeq(*bob_follower, kBeforeKill + 2))
      << "bob did not receive the message sent after the restart within 60 s";
  std::unique_ptr<Follower> alice_follower = Follow(*alice.client, 0);
  auto after_restart = bob.client->SendMessage(Send("seen by A's follower"));
  ASSERT_TRUE(after_restart.ok()) << after_restart.status().ToString();
  EXPECT_EQ(after_restart->seq(), kBeforeKill + 3);
  constexpr int64_t kTotal = kBeforeKill + 3;
  ASSERT_TRUE(WaitForSeq(*alice_follower, kTotal))
      << "alice did not receive seq " << kTotal << " on gateway 1 within 60 s";
  ASSERT_TRUE(WaitForSeq(*bob_follower, kTotal))
      << "bob did not receive seq " << kTotal << " on gateway 2 within 60 s";

  EXPECT_EQ(ReceivedSeqs(*bob_follower), SeqsFromOneTo(kTotal));
  EXPECT_EQ(ReceivedSeqs(*alice_follower), SeqsFromOneTo(kTotal));
  ASSERT_NO_FATAL_FAILURE(ExpectSameHistoryThroughBoth(alice, kTotal));
}

}  // namespace
}  // namespace dchat
