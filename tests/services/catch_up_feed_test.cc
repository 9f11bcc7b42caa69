// CatchUpFeed against a fake log and a fake bounded stream: every message
// once, in order, whatever the live notifications and the queue do.
#include "services/catch_up_feed.h"

#include <deque>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace dchat::services {
namespace {

// A room log, a bounded "stream" and an inline executor that runs tasks
// on a queue drained by the test.
class CatchUpFeedTest : public ::testing::Test {
 protected:
  std::shared_ptr<CatchUpFeed> NewFeed(size_t capacity) {
    capacity_ = capacity;
    CatchUpFeed::Callbacks callbacks;
    callbacks.read_after = [this](const std::string& room, int64_t after, int limit) {
      return Read(room, after, limit);
    };
    callbacks.emit = [this](const v1::Message& message) {
      if (queue_.size() >= capacity_) return false;
      queue_.push_back(message);
      return true;
    };
    callbacks.emit_ready = [this] {
      ++ready_count_;
      return true;
    };
    callbacks.execute = [this](std::function<void()> task) {
      std::lock_guard lock(tasks_mutex_);
      tasks_.push_back(std::move(task));
    };
    callbacks.on_error = [this](const Status& status) { error_ = status; };
    return std::make_shared<CatchUpFeed>(std::move(callbacks));
  }

  // Appends to the log and returns the stored message.
  v1::Message Commit(const std::string& room) {
    v1::Message message;
    message.set_room_id(room);
    message.set_seq(static_cast<int64_t>(log_[room].size()) + 1);
    log_[room].push_back(message);
    return message;
  }

  Result<StoredPage> Read(const std::string& room, int64_t after, int limit) {
    ++reads_;
    if (fail_reads_) return UnavailableError("log down");
    StoredPage page;
    const auto& messages = log_[room];
    page.last_seq = static_cast<int64_t>(messages.size());
    for (int64_t seq = after + 1; seq <= page.last_seq && limit > 0; ++seq, --limit) {
      page.messages.push_back(messages[seq - 1]);
    }
    return page;
  }

  void RunTasks() {
    for (;;) {
      std::function<void()> task;
      {
        std::lock_guard lock(tasks_mutex_);
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  // Takes everything queued, as a client reading the stream would.
  std::vector<int64_t> Drain(const std::string& room = "r") {
    std::vector<int64_t> seqs;
    for (const v1::Message& message : queue_) {
      if (message.room_id() == room) seqs.push_back(message.seq());
    }
    queue_.clear();
    return seqs;
  }

  std::map<std::string, std::vector<v1::Message>> log_;
  std::deque<v1::Message> queue_;
  size_t capacity_ = 0;
  std::mutex tasks_mutex_;
  std::deque<std::function<void()>> tasks_;
  int ready_count_ = 0;
  int reads_ = 0;
  bool fail_reads_ = false;
  Status error_;
};

std::vector<int64_t> Range(int64_t first, int64_t last) {
  std::vector<int64_t> seqs;
  for (int64_t seq = first; seq <= last; ++seq) seqs.push_back(seq);
  return seqs;
}

TEST_F(CatchUpFeedTest, BacklogThenLive) {
  for (int i = 0; i < 600; ++i) Commit("r");
  auto feed = NewFeed(10000);
  feed->Follow("r", 100);
  feed->Start();
  RunTasks();

  EXPECT_EQ(Drain(), Range(101, 600));
  EXPECT_EQ(ready_count_, 1);

  feed->OnLive(Commit("r"));
  feed->OnLive(Commit("r"));
  RunTasks();
  EXPECT_EQ(Drain(), Range(601, 602));
}

TEST_F(CatchUpFeedTest, LiveDuringBacklogNotDuplicated) {
  for (int i = 0; i < 5; ++i) Commit("r");
  auto feed = NewFeed(100);
  feed->Follow("r", 0);
  feed->Start();

  // Committed and notified before the backlog read ran.
  feed->OnLive(Commit("r"));
  RunTasks();
  feed->OnLive(log_["r"][5]);  // the same notification again

  EXPECT_EQ(Drain(), Range(1, 6));
}

TEST_F(CatchUpFeedTest, OutOfOrderNotificationsFilledFromLog) {
  auto feed = NewFeed(100);
  feed->Follow("r", 0);
  feed->Start();
  RunTasks();

  v1::Message first = Commit("r");
  v1::Message second = Commit("r");
  v1::Message third = Commit("r");
  feed->OnLive(third);
  RunTasks();
  feed->OnLive(first);
  feed->OnLive(second);

  EXPECT_EQ(Drain(), Range(1, 3));
}

TEST_F(CatchUpFeedTest, FullQueueCatchesUpAfterDrain) {
  auto feed = NewFeed(4);
  feed->Follow("r", 0);
  feed->Start();
  RunTasks();

  std::vector<int64_t> received;
  for (int i = 0; i < 50; ++i) {
    feed->OnLive(Commit("r"));
    if (i % 7 == 6) {
      auto part = Drain();
      received.insert(received.end(), part.begin(), part.end());
      feed->OnDrained();
      RunTasks();
    }
  }
  for (int round = 0; round < 30 && received.size() < 50; ++round) {
    auto part = Drain();
    received.insert(received.end(), part.begin(), part.end());
    feed->OnDrained();
    RunTasks();
  }

  EXPECT_EQ(received, Range(1, 50));
  EXPECT_LE(queue_.size(), 4u);
}

TEST_F(CatchUpFeedTest, FromNowSkipsHistory) {
  for (int i = 0; i < 10; ++i) Commit("r");
  auto feed = NewFeed(100);
  feed->Follow("r", -1);
  feed->Start();
  RunTasks();
  EXPECT_TRUE(Drain().empty());

  feed->OnLive(Commit("r"));
  RunTasks();
  EXPECT_EQ(Drain(), Range(11, 11));
}

TEST_F(CatchUpFeedTest, ResyncRecoversMissedNotifications) {
  auto feed = NewFeed(100);
  feed->Follow("r", 0);
  feed->Start();
  RunTasks();

  Commit("r");  // never notified, as when the live source reconnects
  Commit("r");
  feed->Resync();
  RunTasks();

  EXPECT_EQ(Drain(), Range(1, 2));
}

TEST_F(CatchUpFeedTest, RoomsAreIndependent) {
  for (int i = 0; i < 300; ++i) Commit("a");
  for (int i = 0; i < 3; ++i) Commit("b");
  auto feed = NewFeed(10000);
  feed->Follow("a", 0);
  feed->Follow("b", 1);
  feed->Start();
  RunTasks();

  std::deque<v1::Message> all = queue_;
  EXPECT_EQ(Drain("a"), Range(1, 300));
  queue_ = all;
  EXPECT_EQ(Drain("b"), Range(2, 3));
}

TEST_F(CatchUpFeedTest, ReadFailureStopsFeed) {
  Commit("r");
  fail_reads_ = true;
  auto feed = NewFeed(100);
  feed->Follow("r", 0);
  feed->Start();
  RunTasks();

  EXPECT_EQ(error_.code(), Code::kUnavailable);
  feed->OnLive(Commit("r"));
  RunTasks();
  EXPECT_TRUE(Drain().empty());
}

TEST_F(CatchUpFeedTest, UnfollowedRoomIgnored) {
  auto feed = NewFeed(100);
  feed->Follow("r", 0);
  feed->Start();
  RunTasks();
  feed->Unfollow("r");

  feed->OnLive(Commit("r"));
  RunTasks();

  EXPECT_TRUE(Drain().empty());
  EXPECT_FALSE(feed->IsFollowing("r"));
}

}  // namespace
}  // namespace dchat::services
