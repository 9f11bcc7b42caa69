// GatewayCallPool: the threads that make the blocking dchat::Client calls,
// so the I/O threads never wait on the gateway.
//
// The pool bounds the calls queued or running. Past the bound TryPost()
// fails at once, and the caller answers 503, so requests do not pile up
// while the gateway is slow.
//
// Thread-safe. Stop() must be called before destruction when calls may
// still be queued; it waits for the running ones.
#ifndef DCHAT_SERVERS_UI_GATEWAY_CALL_POOL_H_
#define DCHAT_SERVERS_UI_GATEWAY_CALL_POOL_H_

#include <atomic>
#include <cstddef>
#include <functional>
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including
// <utility>, which GCC 12 in C++20 mode does not pull in by itself.
#include <utility>

#include <boost/asio/thread_pool.hpp>

namespace dchat::ui {

class GatewayCallPool {
 public:
  GatewayCallPool(int threads, size_t max_pending);
  ~GatewayCallPool();

  GatewayCallPool(const GatewayCallPool&) = delete;
  GatewayCallPool& operator=(const GatewayCallPool&) = delete;

  // Queues `call`; false, without running it, when max_pending calls are
  // already queued or running, or after Stop().
  [[nodiscard]] bool TryPost(std::function<void()> call);

  // Like TryPost, but ignores the bound: for clean-up that must happen,
  // such as revoking the token of an expired session.
  void Post(std::function<void()> call);

  // Drops queued calls and waits for the running ones.
  void Stop();

 private:
  boost::asio::thread_pool pool_;
  const size_t max_pending_;
  std::atomic<size_t> pending_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_GATEWAY_CALL_POOL_H_
