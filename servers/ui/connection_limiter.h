// ConnectionLimiter: counts the server's open connections, HTTP and
// WebSocket alike, and rejects new ones beyond a maximum.
//
//   ConnectionLimiter limiter(10000);
//   std::optional<ConnectionLimiter::Slot> slot = limiter.TryAcquire();
//   if (!slot) return Reject(socket);
//   std::make_shared<HttpSession>(std::move(socket), state, std::move(*slot));
//
// A Slot is held for the connection's whole life and moves with it from
// the HTTP session to the WebSocket session after an upgrade.
//
// Thread-safe.
#ifndef DCHAT_SERVERS_UI_CONNECTION_LIMITER_H_
#define DCHAT_SERVERS_UI_CONNECTION_LIMITER_H_

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

namespace dchat::ui {

class ConnectionLimiter {
 private:
  struct Counter {
    std::atomic<size_t> open{0};
  };

 public:
  // One open connection's place; frees it when destroyed. Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept = default;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { Release(); }

   private:
    friend class ConnectionLimiter;
    explicit Slot(std::shared_ptr<Counter> counter) : counter_(std::move(counter)) {}
    void Release();

    // Shared, so a Slot may outlive its limiter.
    std::shared_ptr<Counter> counter_;
  };

  explicit ConnectionLimiter(size_t max_connections) : max_(max_connections) {}

  // A slot, or nullopt when max() connections are open.
  std::optional<Slot> TryAcquire();

  size_t open() const { return counter_->open.load(std::memory_order_relaxed); }
  size_t max() const { return max_; }

 private:
  const size_t max_;
  const std::shared_ptr<Counter> counter_ = std::make_shared<Counter>();
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_CONNECTION_LIMITER_H_
