// NotificationFollower: the thread of a PostgreSQL message store that
// LISTENs for the commits of every store on the database and passes the
// messages it has not passed yet to the CommitRelay.
#ifndef DCHAT_STORAGE_POSTGRES_NOTIFICATION_FOLLOWER_H_
#define DCHAT_STORAGE_POSTGRES_NOTIFICATION_FOLLOWER_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "dchat/status.h"
#include "storage/postgres_commit_relay.h"
#include "storage/postgres_connection.h"

namespace dchat::internal {

class NotificationFollower {
 public:
  // Connects, starts to LISTEN, and marks every room's newest message as
  // passed, so that the relay passes only messages committed from now on.
  // Then starts the thread. `relay` must outlive the follower.
  static Result<std::unique_ptr<NotificationFollower>> Start(
      const std::string& conninfo, CommitRelay* relay);

  // Stops and joins the thread.
  ~NotificationFollower();

  NotificationFollower(const NotificationFollower&) = delete;
  NotificationFollower& operator=(const NotificationFollower&) = delete;

 private:
  NotificationFollower(std::unique_ptr<PgConnection> db, CommitRelay* relay);

  void Run();
  // LISTENs, then passes each room's messages up to its newest, which on
  // a reconnect are the messages committed while the connection was down.
  Status Listen();
  // Waits up to a second for notifications and passes their messages.
  Status WaitAndPass();
  Status PassNotifications();
  // Sleeps for `delay` unless the follower stops first.
  void SleepUnlessStopped(std::chrono::milliseconds delay);
  Result<std::vector<MessageRecord>> ReadRange(const std::string& room_id,
                                               int64_t after_seq,
                                               int64_t last_seq);

  std::unique_ptr<PgConnection> db_;  // used only by the thread after Start
  CommitRelay* relay_;
  // Writing a byte to wake_pipe_[1] wakes the thread from poll().
  int wake_pipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_POSTGRES_NOTIFICATION_FOLLOWER_H_
