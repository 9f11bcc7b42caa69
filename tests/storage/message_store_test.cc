#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "dchat/postgres_storage.h"
#include "dchat/storage.h"
#include "storage/sqlite_db.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace dchat {
namespace {

struct MessageStoreBackend {
  std::string name;
  std::function<Result<std::unique_ptr<MessageStore>>(
      const std::filesystem::path& dir)>
      open;
};

// Makes failure messages name the back end instead of dumping bytes.
void PrintTo(const MessageStoreBackend& backend, std::ostream* out) {
  *out << backend.name;
}

MessageRecord MakeMessage(const std::string& room_id,
                          const std::string& sender_id,
                          const std::string& text,
                          const std::string& idempotency_key = "") {
  MessageRecord message;
  message.room_id = room_id;
  message.sender_id = sender_id;
  message.sender_username = "name-" + sender_id;
  message.text = text;
  message.idempotency_key = idempotency_key;
  return message;
}

std::vector<int64_t> Seqs(const MessagePage& page) {
  std::vector<int64_t> seqs;
  for (const MessageRecord& message : page.messages) {
    seqs.push_back(message.seq);
  }
  return seqs;
}

using SeqList = std::vector<int64_t>;

// A list of one migration opens a version-1 message file without changing
// it, so tests can write to the file directly.
constexpr std::array<std::string_view, 1> kVersion1 = {""};

class MessageStoreTest : public ::testing::TestWithParam<MessageStoreBackend> {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<MessageStore>> store = GetParam().open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  MessageRecord MustAppend(const MessageRecord& message,
                           bool expect_duplicate = false) {
    bool duplicate = !expect_duplicate;
    Result<MessageRecord> stored = store_->Append(message, &duplicate);
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(duplicate, expect_duplicate);
    return stored.ok() ? *stored : MessageRecord{};
  }

  // Appends messages "m1".."m<count>" to `room_id`.
  void AppendMany(const std::string& room_id, int count) {
    for (int i = 1; i <= count; ++i) {
      MustAppend(MakeMessage(room_id, "u1", "m" + std::to_string(i)));
    }
  }

  MessagePage MustRead(const std::string& room_id, int64_t before_seq,
                       int64_t after_seq, int limit) {
    Result<MessagePage> page =
        store_->Read(room_id, before_seq, after_seq, limit);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : MessagePage{};
  }

  testing::TempDir dir_;
  std::unique_ptr<MessageStore> store_;
};

TEST_P(MessageStoreTest, AppendAssignsSequencesPerRoom) {
  const MessageRecord first = MustAppend(MakeMessage("a", "u1", "hello"));
  const MessageRecord second = MustAppend(MakeMessage("a", "u2", "hi"));
  const MessageRecord other_room = MustAppend(MakeMessage("b", "u1", "yo"));

  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(other_room.seq, 1);

  EXPECT_EQ(first.room_id, "a");
  EXPECT_EQ(first.sender_id, "u1");
  EXPECT_EQ(first.sender_username, "name-u1");
  EXPECT_EQ(first.text, "hello");
  EXPECT_GT(first.created_at_us, 0);
  EXPECT_GE(second.created_at_us, first.created_at_us);

  Result<int64_t> last_a = store_->LastSeq("a");
  ASSERT_TRUE(last_a.ok());
  EXPECT_EQ(*last_a, 2);
  Result<int64_t> last_empty = store_->LastSeq("empty");
  ASSERT_TRUE(last_empty.ok());
  EXPECT_EQ(*last_empty, 0);
}

TEST_P(MessageStoreTest, AppendAcceptsNullDuplicateFlag) {
  Result<MessageRecord> stored =
      store_->Append(MakeMessage("a", "u1", "x", "k"), nullptr);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  Result<MessageRecord> again =
      store_->Append(MakeMessage("a", "u1", "x", "k"), nullptr);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->seq, stored->seq);
}

TEST_P(MessageStoreTest, ConcurrentAppendsHaveNoGaps) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 150;
  std::vector<std::vector<int64_t>> seqs_by_thread(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string sender = "u" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        // Half the messages carry a key, half do not.
        const std::string key = i % 2 == 0 ? "k" + std::to_string(i) : "";
        bool duplicate = true;
        Result<MessageRecord> stored = store_->Append(
            MakeMessage("busy", sender, "text " + std::to_string(i), key),
            &duplicate);
        if (stored.ok() && !duplicate) {
          seqs_by_thread[t].push_back(stored->seq);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::vector<int64_t> all;
  for (const std::vector<int64_t>& seqs : seqs_by_thread) {
    ASSERT_EQ(seqs.size(), static_cast<size_t>(kPerThread));
    // One thread's appends are ordered as it made them.
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
    all.insert(all.end(), seqs.begin(), seqs.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<int64_t> expected(kThreads * kPerThread);
  for (size_t i = 0; i < expected.size(); ++i) {
    expected[i] = static_cast<int64_t>(i) + 1;
  }
  EXPECT_EQ(all, expected);

  // The stored log agrees, page by page from the newest message back.
  std::vector<int64_t> read;
  int64_t before = 0;
  while (true) {
    const MessagePage page = MustRead("busy", before, 0, 500);
    if (page.messages.empty()) break;
    const std::vector<int64_t> seqs = Seqs(page);
    read.insert(read.begin(), seqs.begin(), seqs.end());
    before = seqs.front();
    EXPECT_EQ(page.last_seq, kThreads * kPerThread);
    if (!page.has_more) break;
  }
  EXPECT_EQ(read, expected);
}

TEST_P(MessageStoreTest, DuplicateKeyReturnsOriginalMessage) {
  const MessageRecord original = MustAppend(MakeMessage("a", "u1", "first", "k1"));
  MustAppend(MakeMessage("a", "u2", "between"));

  const MessageRecord retry =
      MustAppend(MakeMessage("a", "u1", "changed text", "k1"), true);
  EXPECT_EQ(retry.seq, original.seq);
  EXPECT_EQ(retry.text, "first");
  EXPECT_EQ(retry.idempotency_key, "k1");
  EXPECT_EQ(retry.created_at_us, original.created_at_us);

  Result<int64_t> last_seq = store_->LastSeq("a");
  ASSERT_TRUE(last_seq.ok());
  EXPECT_EQ(*last_seq, 2);
}

TEST_P(MessageStoreTest, KeyIsScopedToRoomAndSender) {
  const MessageRecord original = MustAppend(MakeMessage("a", "u1", "x", "k1"));

  const MessageRecord other_sender = MustAppend(MakeMessage("a", "u2", "x", "k1"));
  const MessageRecord other_room = MustAppend(MakeMessage("b", "u1", "x", "k1"));
  EXPECT_EQ(original.seq, 1);
  EXPECT_EQ(other_sender.seq, 2);
  EXPECT_EQ(other_room.seq, 1);
}

TEST_P(MessageStoreTest, EmptyKeyNeverDeduplicates) {
  EXPECT_EQ(MustAppend(MakeMessage("a", "u1", "same")).seq, 1);
  EXPECT_EQ(MustAppend(MakeMessage("a", "u1", "same")).seq, 2);
}

TEST_P(MessageStoreTest, ConcurrentDuplicatesStoreOneMessage) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const std::string key = "key-" + std::to_string(round);
    std::promise<void> start;
    std::shared_future<void> started = start.get_future().share();
    std::vector<std::future<std::pair<Result<MessageRecord>, bool>>> results;
    for (int t = 0; t < kThreads; ++t) {
      results.push_back(std::async(std::launch::async, [&, started] {
        started.wait();
        bool duplicate = false;
        Result<MessageRecord> stored =
            store_->Append(MakeMessage("a", "u1", "x", key), &duplicate);
        return std::make_pair(std::move(stored), duplicate);
      }));
    }
    start.set_value();

    int originals = 0;
    for (auto& result : results) {
      auto [stored, duplicate] = result.get();
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
      EXPECT_EQ(stored->seq, round + 1);
      if (!duplicate) ++originals;
    }
    EXPECT_EQ(originals, 1) << "round " << round;
  }

  Result<int64_t> last_seq = store_->LastSeq("a");
  ASSERT_TRUE(last_seq.ok());
  EXPECT_EQ(*last_seq, kRounds);
}

TEST_P(MessageStoreTest, CommitListenerSeesEachRoomInOrder) {
  // The listener runs on the committing thread, with no lock of the
  // test's, so it records under its own.
  std::mutex mutex;
  std::map<std::string, std::vector<int64_t>> heard;
  store_->SetCommitListener([&](const MessageRecord& message) {
    std::lock_guard lock(mutex);
    heard[message.room_id].push_back(message.seq);
  });

  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string room = t % 2 == 0 ? "even" : "odd";
      for (int i = 0; i < kPerThread; ++i) {
        // Each thread sends every message twice with the same key; only
        // the first is new, so only it reaches the listener.
        const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
        const MessageRecord message = MakeMessage(room, "u" + std::to_string(t), "x", key);
        ASSERT_TRUE(store_->Append(message, nullptr).ok());
        ASSERT_TRUE(store_->Append(message, nullptr).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::vector<int64_t> expected(kThreads / 2 * kPerThread);
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int64_t>(i) + 1;
  std::lock_guard lock(mutex);
  EXPECT_EQ(heard["even"], expected);
  EXPECT_EQ(heard["odd"], expected);
}

TEST_P(MessageStoreTest, AppendAsyncReportsAfterCommit) {
  // Both callbacks may run on the store's writer thread.
  std::mutex mutex;
  std::vector<std::string> events;
  store_->SetCommitListener([&](const MessageRecord& message) {
    std::lock_guard lock(mutex);
    events.push_back("committed " + std::to_string(message.seq));
  });

  auto append = [&](const std::string& key) {
    std::promise<std::pair<Result<MessageRecord>, bool>> outcome;
    store_->AppendAsync(MakeMessage("a", "u1", "text", key),
                        [&](Result<MessageRecord> stored, bool duplicate) {
                          {
                            std::lock_guard lock(mutex);
                            events.push_back("done " + std::to_string(stored.ok() ? stored->seq : -1));
                          }
                          outcome.set_value({std::move(stored), duplicate});
                        });
    return outcome.get_future().get();
  };

  auto [first, first_duplicate] = append("k1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->seq, 1);
  EXPECT_FALSE(first_duplicate);

  auto [retry, retry_duplicate] = append("k1");
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->seq, 1);
  EXPECT_TRUE(retry_duplicate);

  // The listener hears of the new message before its append completes, and
  // of the duplicate not at all.
  std::lock_guard lock(mutex);
  EXPECT_EQ(events, (std::vector<std::string>{"committed 1", "done 1", "done 1"}));
  Result<int64_t> last_seq = store_->LastSeq("a");
  ASSERT_TRUE(last_seq.ok());
  EXPECT_EQ(*last_seq, 1);
}

TEST_P(MessageStoreTest, RemovedCommitListenerHearsNothing) {
  int heard = 0;
  store_->SetCommitListener([&](const MessageRecord&) { ++heard; });
  MustAppend(MakeMessage("a", "u1", "heard"));
  store_->SetCommitListener(nullptr);
  MustAppend(MakeMessage("a", "u1", "not heard"));
  EXPECT_EQ(heard, 1);
}

TEST_P(MessageStoreTest, ReadWithoutBoundsReturnsNewestPage) {
  AppendMany("a", 10);

  const MessagePage page = MustRead("a", 0, 0, 3);
  EXPECT_EQ(Seqs(page), (SeqList{8, 9, 10}));
  EXPECT_TRUE(page.has_more);
  EXPECT_EQ(page.last_seq, 10);
  ASSERT_EQ(page.messages.size(), 3u);
  EXPECT_EQ(page.messages[0].text, "m8");
  EXPECT_EQ(page.messages[0].room_id, "a");
  EXPECT_EQ(page.messages[0].sender_id, "u1");
  EXPECT_EQ(page.messages[0].sender_username, "name-u1");

  const MessagePage all = MustRead("a", 0, 0, 10);
  EXPECT_EQ(Seqs(all), (SeqList{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_FALSE(all.has_more);
}

TEST_P(MessageStoreTest, ReadBeforePagesBackwards) {
  AppendMany("a", 10);

  const MessagePage middle = MustRead("a", 8, 0, 3);
  EXPECT_EQ(Seqs(middle), (SeqList{5, 6, 7}));
  EXPECT_TRUE(middle.has_more);
  EXPECT_EQ(middle.last_seq, 10);

  const MessagePage oldest = MustRead("a", 3, 0, 5);
  EXPECT_EQ(Seqs(oldest), (SeqList{1, 2}));
  EXPECT_FALSE(oldest.has_more);

  const MessagePage exact = MustRead("a", 4, 0, 3);
  EXPECT_EQ(Seqs(exact), (SeqList{1, 2, 3}));
  EXPECT_FALSE(exact.has_more);

  const MessagePage none = MustRead("a", 1, 0, 5);
  EXPECT_TRUE(none.messages.empty());
  EXPECT_FALSE(none.has_more);
  EXPECT_EQ(none.last_seq, 10);

  // A bound beyond the newest message is no limit.
  const MessagePage beyond = MustRead("a", 100, 0, 2);
  EXPECT_EQ(Seqs(beyond), (SeqList{9, 10}));
  EXPECT_TRUE(beyond.has_more);
}

TEST_P(MessageStoreTest, ReadAfterPagesForwards) {
  AppendMany("a", 10);

  const MessagePage start = MustRead("a", 0, 2, 3);
  EXPECT_EQ(Seqs(start), (SeqList{3, 4, 5}));
  EXPECT_TRUE(start.has_more);
  EXPECT_EQ(start.last_seq, 10);

  const MessagePage end = MustRead("a", 0, 7, 5);
  EXPECT_EQ(Seqs(end), (SeqList{8, 9, 10}));
  EXPECT_FALSE(end.has_more);

  const MessagePage exact = MustRead("a", 0, 7, 3);
  EXPECT_EQ(Seqs(exact), (SeqList{8, 9, 10}));
  EXPECT_FALSE(exact.has_more);

  const MessagePage caught_up = MustRead("a", 0, 10, 5);
  EXPECT_TRUE(caught_up.messages.empty());
  EXPECT_FALSE(caught_up.has_more);
  EXPECT_EQ(caught_up.last_seq, 10);
}

TEST_P(MessageStoreTest, ReadBetweenBoundsStartsAfterLowerBound) {
  AppendMany("a", 10);

  const MessagePage all = MustRead("a", 6, 2, 10);
  EXPECT_EQ(Seqs(all), (SeqList{3, 4, 5}));
  EXPECT_FALSE(all.has_more);

  const MessagePage first = MustRead("a", 6, 2, 2);
  EXPECT_EQ(Seqs(first), (SeqList{3, 4}));
  EXPECT_TRUE(first.has_more);

  const MessagePage empty = MustRead("a", 4, 3, 10);
  EXPECT_TRUE(empty.messages.empty());
  EXPECT_FALSE(empty.has_more);
}

TEST_P(MessageStoreTest, ReadOfUnknownRoomIsEmpty) {
  AppendMany("a", 3);

  const MessagePage page = MustRead("nowhere", 0, 0, 10);
  EXPECT_TRUE(page.messages.empty());
  EXPECT_FALSE(page.has_more);
  EXPECT_EQ(page.last_seq, 0);
}

TEST_P(MessageStoreTest, ReadWithNonPositiveLimitIsInvalid) {
  EXPECT_EQ(store_->Read("a", 0, 0, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store_->Read("a", 0, 0, -5).status().code(),
            Code::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, MessageStoreTest,
    ::testing::Values(
        MessageStoreBackend{"Memory",
                            [](const std::filesystem::path&)
                                -> Result<std::unique_ptr<MessageStore>> {
                              return NewMemoryMessageStore();
                            }},
        MessageStoreBackend{"Sqlite",
                            [](const std::filesystem::path& dir) {
                              return OpenSqliteMessageStore(dir /
                                                            "message.db");
                            }},
        // A new database for each test, on the program's private server.
        // A server that cannot start fails the test with the reason.
        MessageStoreBackend{"Postgres",
                            [](const std::filesystem::path&)
                                -> Result<std::unique_ptr<MessageStore>> {
                              Result<testing::PostgresServer*> server =
                                  testing::PostgresServer::Shared();
                              if (!server.ok()) return server.status();
                              Result<std::string> conninfo =
                                  (*server)->CreateDatabase();
                              if (!conninfo.ok()) return conninfo.status();
                              return OpenPostgresMessageStore(*conninfo);
                            }}),
    [](const ::testing::TestParamInfo<MessageStoreBackend>& info) {
      return info.param.name;
    });

// Tests of the SQLite file and of group commit.
class SqliteMessageStoreTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_.path() / "message.db"; }

  std::unique_ptr<MessageStore> MustOpen() {
    Result<std::unique_ptr<MessageStore>> store =
        OpenSqliteMessageStore(file());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Opens a second connection that holds the file's write lock until it is
  // destroyed, so the store's writer thread waits at BEGIN IMMEDIATE.
  std::unique_ptr<internal::SqliteDb> LockForWriting() {
    Result<std::unique_ptr<internal::SqliteDb>> db =
        internal::SqliteDb::Open(file(), kVersion1);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return nullptr;
    const Status begin = (*db)->Exec("BEGIN IMMEDIATE", "lock for writing");
    EXPECT_TRUE(begin.ok()) << begin.ToString();
    return std::move(db).value();
  }

  testing::TempDir dir_;
};

TEST_F(SqliteMessageStoreTest, ReopenedFileContinuesSequences) {
  {
    std::unique_ptr<MessageStore> store = MustOpen();
    ASSERT_NE(store, nullptr);
    for (int i = 1; i <= 5; ++i) {
      bool duplicate = false;
      ASSERT_TRUE(store
                      ->Append(MakeMessage("a", "u1", "m" + std::to_string(i),
                                           "k" + std::to_string(i)),
                               &duplicate)
                      .ok());
    }
  }

  std::unique_ptr<MessageStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<int64_t> last_seq = store->LastSeq("a");
  ASSERT_TRUE(last_seq.ok());
  EXPECT_EQ(*last_seq, 5);

  bool duplicate = true;
  Result<MessageRecord> next =
      store->Append(MakeMessage("a", "u1", "m6", "k6"), &duplicate);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_FALSE(duplicate);
  EXPECT_EQ(next->seq, 6);

  // Keys stored before the reopen still deduplicate.
  Result<MessageRecord> retry =
      store->Append(MakeMessage("a", "u1", "again", "k3"), &duplicate);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(duplicate);
  EXPECT_EQ(retry->seq, 3);
  EXPECT_EQ(retry->text, "m3");

  Result<MessagePage> page = store->Read("a", 0, 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Seqs(*page), (SeqList{1, 2, 3, 4, 5, 6}));
}

TEST_F(SqliteMessageStoreTest, FutureSchemaVersionIsRejected) {
  ASSERT_NE(MustOpen(), nullptr);
  {
    Result<std::unique_ptr<internal::SqliteDb>> db =
        internal::SqliteDb::Open(file(), kVersion1);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version=2", "set version").ok());
  }

  Result<std::unique_ptr<MessageStore>> store = OpenSqliteMessageStore(file());
  ASSERT_EQ(store.status().code(), Code::kFailedPrecondition)
      << store.status().ToString();
  const std::string& message = store.status().message();
  EXPECT_NE(message.find(file().string()), std::string::npos) << message;
  EXPECT_NE(message.find("version 2"), std::string::npos) << message;
  EXPECT_NE(message.find("up to 1"), std::string::npos) << message;
}

TEST_F(SqliteMessageStoreTest, DuplicatesInOneBatchStoreOneMessage) {
  std::unique_ptr<MessageStore> store = MustOpen();
  ASSERT_NE(store, nullptr);

  // The first append takes the writer thread into a wait for the lock, so
  // the appends made meanwhile queue up and form the next batch together.
  std::unique_ptr<internal::SqliteDb> lock = LockForWriting();
  ASSERT_NE(lock, nullptr);
  auto append = [&](const std::string& sender, const std::string& key) {
    return std::async(std::launch::async, [&store, sender, key] {
      bool duplicate = false;
      Result<MessageRecord> stored =
          store->Append(MakeMessage("a", sender, "from " + sender, key),
                        &duplicate);
      return std::make_pair(std::move(stored), duplicate);
    });
  };
  // The sleeps give the threads time to reach the queue, far more than
  // they need on an idle machine.
  auto blocked = append("u0", "first");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<std::future<std::pair<Result<MessageRecord>, bool>>> batch;
  for (int i = 0; i < 3; ++i) batch.push_back(append("u1", "same"));
  batch.push_back(append("u2", "other"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  lock.reset();

  auto [first, first_duplicate] = blocked.get();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->seq, 1);

  int originals = 0;
  std::set<int64_t> same_key_seqs;
  std::set<int64_t> batch_times;
  for (size_t i = 0; i < 3; ++i) {
    auto [stored, duplicate] = batch[i].get();
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    same_key_seqs.insert(stored->seq);
    batch_times.insert(stored->created_at_us);
    if (!duplicate) ++originals;
  }
  auto [other, other_duplicate] = batch[3].get();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_FALSE(other_duplicate);
  batch_times.insert(other->created_at_us);

  EXPECT_EQ(originals, 1);
  EXPECT_EQ(same_key_seqs.size(), 1u);
  // All four shared one commit, which gives every message the same time.
  EXPECT_EQ(batch_times.size(), 1u);
  EXPECT_NE(*batch_times.begin(), first->created_at_us);

  Result<int64_t> last_seq = store->LastSeq("a");
  ASSERT_TRUE(last_seq.ok());
  EXPECT_EQ(*last_seq, 3);
}

TEST_F(SqliteMessageStoreTest, ReadsDoNotWaitForWriter) {
  std::unique_ptr<MessageStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  bool duplicate = false;
  ASSERT_TRUE(store->Append(MakeMessage("a", "u1", "hello"), &duplicate).ok());

  std::unique_ptr<internal::SqliteDb> lock = LockForWriting();
  ASSERT_NE(lock, nullptr);
  auto pending = std::async(std::launch::async, [&store] {
    bool duplicate = false;
    return store->Append(MakeMessage("a", "u1", "waiting"), &duplicate);
  });

  // The writer is stuck behind the lock, yet reads see the committed log.
  const auto start = std::chrono::steady_clock::now();
  Result<MessagePage> page = store->Read("a", 0, 0, 10);
  Result<int64_t> last_seq = store->LastSeq("a");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(Seqs(*page), (SeqList{1}));
  ASSERT_TRUE(last_seq.ok());
  EXPECT_EQ(*last_seq, 1);
  EXPECT_LT(elapsed, std::chrono::seconds(1));

  lock.reset();
  Result<MessageRecord> stored = pending.get();
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->seq, 2);
}

// Takes about 5 seconds: the busy timeout of the writer's connection.
TEST_F(SqliteMessageStoreTest, FailedCommitIsUnavailableAndLeavesNoGap) {
  std::unique_ptr<MessageStore> store = MustOpen();
  ASSERT_NE(store, nullptr);
  bool duplicate = false;
  ASSERT_TRUE(store->Append(MakeMessage("a", "u1", "one"), &duplicate).ok());

  {
    std::unique_ptr<internal::SqliteDb> lock = LockForWriting();
    ASSERT_NE(lock, nullptr);
    Result<MessageRecord> failed =
        store->Append(MakeMessage("a", "u1", "two", "k2"), &duplicate);
    EXPECT_EQ(failed.status().code(), Code::kUnavailable)
        << failed.status().ToString();
  }

  // The retry with the same key stores the message, right after the last.
  Result<MessageRecord> retried =
      store->Append(MakeMessage("a", "u1", "two", "k2"), &duplicate);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_FALSE(duplicate);
  EXPECT_EQ(retried->seq, 2);
}

TEST_F(SqliteMessageStoreTest, ReadsStayFastInMillionMessageRoom) {
  constexpr int64_t kMessages = 1'000'000;
  ASSERT_NE(MustOpen(), nullptr);
  {
    // Appending a million messages one by one would take minutes, so the
    // rows go straight into the file in one transaction.
    Result<std::unique_ptr<internal::SqliteDb>> db =
        internal::SqliteDb::Open(file(), kVersion1);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    const Status filled = (*db)->Exec(
        "WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n"
        " WHERE seq < " + std::to_string(kMessages) + ")"
        " INSERT INTO messages (room_id, seq, sender_id, sender_username,"
        " text, idempotency_key, created_at_us)"
        " SELECT 'big', seq, 'u1', 'name-u1', 'message ' || seq,"
        " 'k' || seq, seq FROM n",
        "fill room");
    ASSERT_TRUE(filled.ok()) << filled.ToString();
  }
  std::unique_ptr<MessageStore> store = MustOpen();
  ASSERT_NE(store, nullptr);

  // A read that scanned the room would take well over 10 ms per call here,
  // an index range scan a fraction of a millisecond.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    const int64_t pivot = 1 + i * (kMessages / 20);
    Result<MessagePage> before = store->Read("big", pivot + 50, 0, 50);
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    Result<MessagePage> after = store->Read("big", 0, pivot, 50);
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    EXPECT_EQ(after->messages.front().seq, pivot + 1);
    EXPECT_EQ(after->last_seq, kMessages);
  }
  Result<MessagePage> newest = store->Read("big", 0, 0, 50);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(newest->messages.back().seq, kMessages);
  EXPECT_TRUE(newest->has_more);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(1));

  bool duplicate = true;
  Result<MessageRecord> next =
      store->Append(MakeMessage("big", "u1", "next"), &duplicate);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->seq, kMessages + 1);
  Result<MessageRecord> retry =
      store->Append(MakeMessage("big", "u1", "again", "k777"), &duplicate);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(duplicate);
  EXPECT_EQ(retry->seq, 777);
}

}  // namespace
}  // namespace dchat
