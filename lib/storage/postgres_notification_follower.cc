#include "storage/postgres_notification_follower.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "storage/postgres_message_queries.h"

namespace dchat::internal {
namespace {

// Messages read per query when passing a range.
constexpr int kRangePageSize = 500;

constexpr auto kMinReconnectDelay = std::chrono::milliseconds(100);
constexpr auto kMaxReconnectDelay = std::chrono::seconds(5);

}  // namespace

Result<std::unique_ptr<NotificationFollower>> NotificationFollower::Start(
    const std::string& conninfo, CommitRelay* relay) {
  Result<std::unique_ptr<PgConnection>> db = PgConnection::Connect(conninfo);
  if (!db.ok()) return db.status();

  std::unique_ptr<NotificationFollower> follower(
      new NotificationFollower(std::move(db).value(), relay));
  if (pipe2(follower->wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    return InternalError(std::string("cannot create a pipe for the notification thread: ") +
                         std::strerror(errno));
  }
  DCHAT_RETURN_IF_ERROR(follower->Listen());
  follower->thread_ = std::thread([raw = follower.get()] { raw->Run(); });
  return follower;
}

NotificationFollower::NotificationFollower(std::unique_ptr<PgConnection> db,
                                           CommitRelay* relay)
    : db_(std::move(db)), relay_(relay) {}

NotificationFollower::~NotificationFollower() {
  stopping_ = true;
  if (wake_pipe_[1] >= 0) {
    const char byte = 0;
    // A full pipe already wakes the thread, so a failed write is harmless.
    [[maybe_unused]] ssize_t written = write(wake_pipe_[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

void NotificationFollower::Run() {
  auto delay = std::chrono::milliseconds(0);
  while (!stopping_) {
    if (delay.count() > 0) {
      SleepUnlessStopped(delay);
      if (stopping_) break;
      Status reconnected = db_->Reconnect();
      if (reconnected.ok()) reconnected = Listen();
      if (!reconnected.ok()) {
        delay = std::min<std::chrono::milliseconds>(delay * 2, kMaxReconnectDelay);
        spdlog::warn("message store notification thread: {}; retrying in {} ms",
                     reconnected.ToString(), delay.count());
        continue;
      }
      spdlog::info("message store notification thread reconnected to PostgreSQL at {}",
                   db_->description());
      delay = std::chrono::milliseconds(0);
    }

    const Status status = WaitAndPass();
    if (!status.ok() && !stopping_) {
      spdlog::warn("message store notification thread failed: {}; reconnecting in {} ms",
                   status.ToString(), kMinReconnectDelay.count());
      delay = kMinReconnectDelay;
    }
  }
}

Status NotificationFollower::Listen() {
  DCHAT_RETURN_IF_ERROR(
      db_->ExecScript(std::string("LISTEN ") + kMessageChannel, "listen for commits"));

  // Rooms committed to after LISTEN and before this read are notified
  // too; the relay skips those notifications, because the read covered
  // them. NOTE: the relay keeps one entry per room of the database, so
  // its memory grows with the number of rooms.
  Result<std::vector<std::pair<std::string, int64_t>>> rooms = ReadAllLastSeqs(*db_);
  if (!rooms.ok()) return rooms.status();
  auto read = [this](const std::string& room_id, int64_t after_seq, int64_t last_seq) {
    return ReadRange(room_id, after_seq, last_seq);
  };
  for (const auto& [room_id, last_seq] : *rooms) {
    DCHAT_RETURN_IF_ERROR(relay_->PassUpTo(room_id, last_seq, read));
  }
  return OkStatus();
}

Status NotificationFollower::WaitAndPass() {
  if (db_->broken()) {
    return UnavailableError("lost the connection to PostgreSQL at " + db_->description());
  }
  // Statements run by Listen or by the relay may have buffered
  // notifications already.
  DCHAT_RETURN_IF_ERROR(PassNotifications());

  pollfd fds[2] = {{PQsocket(db_->raw()), POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
  const int ready = poll(fds, 2, /*timeout_ms=*/1000);
  if (ready < 0) {
    if (errno == EINTR) return OkStatus();
    return InternalError(std::string("poll failed: ") + std::strerror(errno));
  }
  if (fds[1].revents != 0 || fds[0].revents == 0) return OkStatus();

  if (PQconsumeInput(db_->raw()) == 0) {
    return UnavailableError("lost the connection to PostgreSQL at " + db_->description() +
                            ": " + ConnectionErrorMessage(db_->raw()));
  }
  return PassNotifications();
}

Status NotificationFollower::PassNotifications() {
  auto read = [this](const std::string& room_id, int64_t after_seq, int64_t last_seq) {
    return ReadRange(room_id, after_seq, last_seq);
  };
  while (PGnotify* notification = PQnotifies(db_->raw())) {
    const std::string payload = notification->extra;
    PQfreemem(notification);

    std::string room_id;
    int64_t last_seq = 0;
    if (!ParseNotification(payload, &room_id, &last_seq)) {
      spdlog::warn("message store ignores a malformed notification on channel {}: '{}'",
                   kMessageChannel, payload);
      continue;
    }
    DCHAT_RETURN_IF_ERROR(relay_->PassUpTo(room_id, last_seq, read));
  }
  return OkStatus();
}

void NotificationFollower::SleepUnlessStopped(std::chrono::milliseconds delay) {
  pollfd wake = {wake_pipe_[0], POLLIN, 0};
  poll(&wake, 1, static_cast<int>(delay.count()));
}

Result<std::vector<MessageRecord>> NotificationFollower::ReadRange(
    const std::string& room_id, int64_t after_seq, int64_t last_seq) {
  return ReadMessageRange(*db_, room_id, after_seq, last_seq, kRangePageSize);
}

}  // namespace dchat::internal
