// ConnectionPool: a fixed set of database connections shared by the
// threads that read. Take() waits until a connection is free and hands it
// out until the lease ends, so at most one thread uses a connection at a
// time. Thread-safe.
#ifndef DCHAT_STORAGE_CONNECTION_POOL_H_
#define DCHAT_STORAGE_CONNECTION_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace dchat::internal {

template <class Connection>
class ConnectionPool {
 public:
  // A connection taken from the pool; it returns there when the lease ends.
  // The pool must outlive the lease.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_->Return(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections)
      : idle_(std::move(connections)) {}

  // Waits for a free connection; blocks forever when the pool is empty.
  Lease Take() {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty(); });
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
};

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_CONNECTION_POOL_H_
