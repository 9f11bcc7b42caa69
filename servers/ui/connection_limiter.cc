#include "ui/connection_limiter.h"

namespace dchat::ui {

ConnectionLimiter::Slot& ConnectionLimiter::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    counter_ = std::move(other.counter_);
  }
  return *this;
}

void ConnectionLimiter::Slot::Release() {
  if (!counter_) return;
  counter_->open.fetch_sub(1, std::memory_order_relaxed);
  counter_.reset();
}

std::optional<ConnectionLimiter::Slot> ConnectionLimiter::TryAcquire() {
  // Compare-and-swap, so that concurrent accepts never go past the maximum.
  size_t open = counter_->open.load(std::memory_order_relaxed);
  do {
    if (open >= max_) return std::nullopt;
  } while (!counter_->open.compare_exchange_weak(open, open + 1, std::memory_order_relaxed));
  return Slot(counter_);
}

}  // namespace dchat::ui
