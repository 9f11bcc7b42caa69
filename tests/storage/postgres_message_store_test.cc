// Tests of the PostgreSQL message store that go beyond the shared
// MessageStore suite: several stores on one database, notifications
// between them, connection errors, and the schema version. They run
// against a private PostgreSQL server that the test program starts.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "dchat/message_client.h"
#include "dchat/postgres_storage.h"
#include "dchat/reference_services.h"
#include "dchat/storage.h"
#include "support/in_process_server.h"
#include "support/postgres_server.h"

namespace dchat {
namespace {

using Clock = std::chrono::steady_clock;

MessageRecord MakeMessage(const std::string& room_id, const std::string& sender_id,
                          const std::string& text, const std::string& idempotency_key = "") {
  MessageRecord message;
  message.room_id = room_id;
  message.sender_id = sender_id;
  message.sender_username = "name-" + sender_id;
  message.text = text;
  message.idempotency_key = idempotency_key;
  return message;
}

std::vector<int64_t> OneTo(int64_t count) {
  std::vector<int64_t> seqs(count);
  for (int64_t i = 0; i < count; ++i) seqs[i] = i + 1;
  return seqs;
}

// Records what a commit listener receives, per room.
class HeardLog {
 public:
  CommitListener Listener() {
    return [this](const MessageRecord& message) {
      std::lock_guard lock(mutex_);
      heard_[message.room_id].push_back(message.seq);
    };
  }

  std::vector<int64_t> Room(const std::string& room_id) {
    std::lock_guard lock(mutex_);
    return heard_[room_id];
  }

  // Waits up to 10 s until the room has `count` entries; returns them.
  std::vector<int64_t> WaitFor(const std::string& room_id, size_t count) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline && Room(room_id).size() < count) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return Room(room_id);
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<int64_t>> heard_;
};

class PostgresMessageStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<testing::PostgresServer*> server = testing::PostgresServer::Shared();
    ASSERT_TRUE(server.ok()) << "cannot start PostgreSQL for the test: "
                             << server.status().ToString();
    server_ = *server;
    Result<std::string> conninfo = server_->CreateDatabase();
    ASSERT_TRUE(conninfo.ok()) << conninfo.status().ToString();
    conninfo_ = *conninfo;
  }

  std::unique_ptr<MessageStore> MustOpen() {
    Result<std::unique_ptr<MessageStore>> store = OpenPostgresMessageStore(conninfo_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Runs one SQL command on the test database, bypassing the store.
  void MustExec(const std::string& sql) {
    PGconn* conn = PQconnectdb(conninfo_.c_str());
    ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        << PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
  }

  testing::PostgresServer* server_ = nullptr;
  std::string conninfo_;
};

TEST_F(PostgresMessageStoreTest, TwoStoresShareOneSequence) {
  std::unique_ptr<MessageStore> first = MustOpen();
  std::unique_ptr<MessageStore> second = MustOpen();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);

  constexpr int kThreadsPerStore = 4;
  constexpr int kPerThread = 100;
  std::mutex mutex;
  std::vector<int64_t> stored_seqs;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerStore; ++t) {
    MessageStore* store = t % 2 == 0 ? first.get() : second.get();
    threads.emplace_back([&, store, t] {
      const std::string sender = "u" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        // Half the messages carry a key, and each is sent through both
        // stores: only one of the two sends stores it.
        const bool keyed = i % 2 == 0;
        const std::string key = keyed ? "k" + std::to_string(i) : "";
        const MessageRecord message = MakeMessage("shared", sender, "m", key);
        bool duplicate = true;
        Result<MessageRecord> stored = store->Append(message, &duplicate);
        ASSERT_TRUE(stored.ok()) << stored.status().ToString();
        std::lock_guard lock(mutex);
        if (!duplicate) stored_seqs.push_back(stored->seq);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::sort(stored_seqs.begin(), stored_seqs.end());
  EXPECT_EQ(stored_seqs, OneTo(2 * kThreadsPerStore * kPerThread));
  Result<int64_t> last_seq = second->LastSeq("shared");
  ASSERT_TRUE(last_seq.ok()) << last_seq.status().ToString();
  EXPECT_EQ(*last_seq, 2 * kThreadsPerStore * kPerThread);
}

TEST_F(PostgresMessageStoreTest, KeyFromOtherStoreIsDuplicate) {
  std::unique_ptr<MessageStore> first = MustOpen();
  std::unique_ptr<MessageStore> second = MustOpen();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);

  bool duplicate = true;
  Result<MessageRecord> original =
      first->Append(MakeMessage("a", "u1", "first", "k1"), &duplicate);
  ASSERT_TRUE(original.ok()) << original.status().ToString();
  EXPECT_FALSE(duplicate);

  Result<MessageRecord> retry =
      second->Append(MakeMessage("a", "u1", "retried", "k1"), &duplicate);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(duplicate);
  EXPECT_EQ(retry->seq, original->seq);
  EXPECT_EQ(retry->text, "first");
  EXPECT_EQ(retry->created_at_us, original->created_at_us);
}

TEST_F(PostgresMessageStoreTest, ListenersHearBothStoresInOrder) {
  std::unique_ptr<MessageStore> first = MustOpen();
  std::unique_ptr<MessageStore> second = MustOpen();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  HeardLog first_heard;
  HeardLog second_heard;
  first->SetCommitListener(first_heard.Listener());
  second->SetCommitListener(second_heard.Listener());

  // Both stores append to the same rooms at once, so each listener gets
  // its own store's messages from the writer thread and the other's from
  // notifications, interleaved.
  constexpr int kPerThread = 60;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    MessageStore* store = t % 2 == 0 ? first.get() : second.get();
    threads.emplace_back([store, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string room = i % 3 == 0 ? "quiet" : "busy";
        ASSERT_TRUE(store->Append(MakeMessage(room, "u" + std::to_string(t), "m"), nullptr).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const int64_t quiet_count = 4 * (kPerThread / 3);
  const int64_t busy_count = 4 * kPerThread - quiet_count;
  EXPECT_EQ(first_heard.WaitFor("busy", busy_count), OneTo(busy_count));
  EXPECT_EQ(first_heard.WaitFor("quiet", quiet_count), OneTo(quiet_count));
  EXPECT_EQ(second_heard.WaitFor("busy", busy_count), OneTo(busy_count));
  EXPECT_EQ(second_heard.WaitFor("quiet", quiet_count), OneTo(quiet_count));
}

TEST_F(PostgresMessageStoreTest, NotificationCarriesWholeMessage) {
  std::unique_ptr<MessageStore> writer = MustOpen();
  std::unique_ptr<MessageStore> follower = MustOpen();
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(follower, nullptr);
  std::mutex mutex;
  std::vector<MessageRecord> heard;
  follower->SetCommitListener([&](const MessageRecord& message) {
    std::lock_guard lock(mutex);
    heard.push_back(message);
  });

  // Valid UTF-8 may hold NUL bytes, which the store must keep.
  const std::string text("line one\0line two", 17);
  Result<MessageRecord> stored = writer->Append(MakeMessage("a", "u1", text, "k1"), nullptr);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();

  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    std::lock_guard lock(mutex);
    if (!heard.empty()) break;
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].room_id, "a");
  EXPECT_EQ(heard[0].seq, 1);
  EXPECT_EQ(heard[0].sender_id, "u1");
  EXPECT_EQ(heard[0].sender_username, "name-u1");
  EXPECT_EQ(heard[0].text, text);
  EXPECT_EQ(heard[0].idempotency_key, "k1");
  EXPECT_EQ(heard[0].created_at_us, stored->created_at_us);
}

TEST_F(PostgresMessageStoreTest, StoreOpenedLaterHearsOnlyNewMessages) {
  std::unique_ptr<MessageStore> writer = MustOpen();
  ASSERT_NE(writer, nullptr);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(writer->Append(MakeMessage("a", "u1", "old"), nullptr).ok());
  }

  std::unique_ptr<MessageStore> follower = MustOpen();
  ASSERT_NE(follower, nullptr);
  HeardLog heard;
  follower->SetCommitListener(heard.Listener());
  ASSERT_TRUE(writer->Append(MakeMessage("a", "u1", "new"), nullptr).ok());

  EXPECT_EQ(heard.WaitFor("a", 1), (std::vector<int64_t>{4}));
}

TEST_F(PostgresMessageStoreTest, StoresRecoverFromDroppedConnections) {
  std::unique_ptr<MessageStore> writer = MustOpen();
  std::unique_ptr<MessageStore> follower = MustOpen();
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(follower, nullptr);
  HeardLog heard;
  follower->SetCommitListener(heard.Listener());
  ASSERT_TRUE(writer->Append(MakeMessage("a", "u1", "before"), nullptr).ok());
  ASSERT_EQ(heard.WaitFor("a", 1), (std::vector<int64_t>{1}));

  // Ends every connection of both stores, as a database restart would.
  MustExec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
           " WHERE datname = current_database() AND pid <> pg_backend_pid()");

  // An append on a dropped connection fails with UNAVAILABLE, and the
  // retry runs on a new one.
  Result<MessageRecord> stored = UnavailableError("not tried");
  for (int attempt = 0; attempt < 20 && !stored.ok(); ++attempt) {
    stored = writer->Append(MakeMessage("a", "u1", "after", "k-after"), nullptr);
    if (!stored.ok()) {
      EXPECT_EQ(stored.status().code(), Code::kUnavailable) << stored.status().ToString();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->seq, 2);

  // The follower's notification thread reconnects and catches up.
  EXPECT_EQ(heard.WaitFor("a", 2), (std::vector<int64_t>{1, 2}));
  Result<MessagePage> page = follower->Read("a", 0, 0, 10);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->last_seq, 2);
}

TEST_F(PostgresMessageStoreTest, ReopenedDatabaseContinuesSequences) {
  {
    std::unique_ptr<MessageStore> store = MustOpen();
    ASSERT_NE(store, nullptr);
    for (int i = 1; i <= 3; ++i) {
      ASSERT_TRUE(store->Append(MakeMessage("a", "u1", "m", "k" + std::to_string(i)), nullptr).ok());
    }
  }

  std::unique_ptr<MessageStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  bool duplicate = true;
  Result<MessageRecord> next = store->Append(MakeMessage("a", "u1", "m", "k4"), &duplicate);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_FALSE(duplicate);
  EXPECT_EQ(next->seq, 4);
  Result<MessageRecord> retry = store->Append(MakeMessage("a", "u1", "m", "k2"), &duplicate);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(duplicate);
  EXPECT_EQ(retry->seq, 2);
}

TEST_F(PostgresMessageStoreTest, FutureSchemaVersionIsRejected) {
  ASSERT_NE(MustOpen(), nullptr);
  MustExec("UPDATE dchat_schema_versions SET version = 99 WHERE component = 'message'");

  Result<std::unique_ptr<MessageStore>> store = OpenPostgresMessageStore(conninfo_);
  ASSERT_EQ(store.status().code(), Code::kFailedPrecondition) << store.status().ToString();
  const std::string& message = store.status().message();
  EXPECT_NE(message.find("version 99"), std::string::npos) << message;
  EXPECT_NE(message.find("up to 1"), std::string::npos) << message;
}

TEST_F(PostgresMessageStoreTest, RefusedConnectionIsUnavailable) {
  // Nothing listens on port 1 of the loopback address, so the connection
  // is refused at once.
  const std::string conninfo = "host=127.0.0.1 port=1 dbname=chat user=chat "
                               "password=hunter2secret connect_timeout=5";
  Result<std::unique_ptr<MessageStore>> store = OpenPostgresMessageStore(conninfo);
  ASSERT_EQ(store.status().code(), Code::kUnavailable) << store.status().ToString();
  const std::string& message = store.status().message();
  EXPECT_NE(message.find("cannot connect to PostgreSQL"), std::string::npos) << message;
  EXPECT_NE(message.find("host=127.0.0.1"), std::string::npos) << message;
  EXPECT_NE(message.find("port=1"), std::string::npos) << message;
  EXPECT_NE(message.find("--postgres-url"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2secret"), std::string::npos) << message;
}

TEST_F(PostgresMessageStoreTest, MalformedConninfoIsInvalidArgument) {
  Result<std::unique_ptr<MessageStore>> store =
      OpenPostgresMessageStore("host=127.0.0.1 password=hunter2 secret");
  ASSERT_EQ(store.status().code(), Code::kInvalidArgument) << store.status().ToString();
  const std::string& message = store.status().message();
  EXPECT_NE(message.find("connection string is invalid"), std::string::npos) << message;
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
}

TEST_F(PostgresMessageStoreTest, DescriptionOmitsPassword) {
  EXPECT_EQ(DescribePostgresConninfo("host=db port=5433 dbname=chat user=app password=pw1"),
            "host=db port=5433 dbname=chat user=app");
  EXPECT_EQ(DescribePostgresConninfo("postgresql://app:pw1@db:5433/chat"),
            "host=db port=5433 dbname=chat user=app");
}

TEST_F(PostgresMessageStoreTest, MessageServicesShareLiveMessages) {
  std::shared_ptr<MessageStore> first_store = MustOpen();
  std::shared_ptr<MessageStore> second_store = MustOpen();
  ASSERT_NE(first_store, nullptr);
  ASSERT_NE(second_store, nullptr);
  testing::InProcessServer first;
  testing::InProcessServer second;
  ASSERT_TRUE(first.Start({NewMessageService(first_store)}).ok());
  ASSERT_TRUE(second.Start({NewMessageService(second_store)}).ok());
  MessageClient sender(first.channel());
  MessageClient follower(second.channel());

  // The follower subscribes on the second server, from the start of the
  // room, and the messages are sent through the first.
  v1::SubscribeMessagesRequest subscribe;
  v1::RoomCursor* cursor = subscribe.add_cursors();
  cursor->set_room_id("general");
  cursor->set_after_seq(0);
  CallOptions call = testing::ActingAs("u2", "bob");
  call.timeout = std::chrono::seconds(20);
  std::unique_ptr<StreamReader<v1::Message>> stream = follower.Subscribe(subscribe, call);

  auto send = [&](int i) {
    v1::SendMessageRequest request;
    request.set_room_id("general");
    request.set_text("hello " + std::to_string(i));
    Result<v1::Message> sent = sender.AppendMessage(request, testing::ActingAs("u1", "alice"));
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    EXPECT_EQ(sent->seq(), i);
  };
  auto expect_next = [&](int i) {
    v1::Message message;
    ASSERT_TRUE(stream->Read(&message)) << stream->Finish().ToString();
    EXPECT_EQ(message.seq(), i);
    EXPECT_EQ(message.text(), "hello " + std::to_string(i));
    EXPECT_EQ(message.sender_username(), "alice");
  };

  // Once the first message has arrived the subscription is live, so the
  // next ones can only reach it through the second store's notifications.
  send(1);
  expect_next(1);
  constexpr int kMessages = 5;
  for (int i = 2; i <= kMessages; ++i) send(i);
  for (int i = 2; i <= kMessages; ++i) expect_next(i);
  stream->Cancel();
}

}  // namespace
}  // namespace dchat
