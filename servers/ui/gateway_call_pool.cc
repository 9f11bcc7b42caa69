#include "ui/gateway_call_pool.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace dchat::ui {

GatewayCallPool::GatewayCallPool(int threads, size_t max_pending)
    : pool_(static_cast<size_t>(threads)), max_pending_(max_pending) {}

GatewayCallPool::~GatewayCallPool() { Stop(); }

bool GatewayCallPool::TryPost(std::function<void()> call) {
  if (stopped_.load()) return false;
  if (pending_.fetch_add(1) >= max_pending_) {
    pending_.fetch_sub(1);
    return false;
  }

  boost::asio::post(pool_, [this, call = std::move(call)] {
    call();
    pending_.fetch_sub(1);
  });
  return true;
}

void GatewayCallPool::Post(std::function<void()> call) {
  if (stopped_.load()) return;
  pending_.fetch_add(1);
  boost::asio::post(pool_, [this, call = std::move(call)] {
    call();
    pending_.fetch_sub(1);
  });
}

void GatewayCallPool::Stop() {
  if (stopped_.exchange(true)) return;
  pool_.stop();
  pool_.join();
}

}  // namespace dchat::ui
