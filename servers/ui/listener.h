// Listener: accepts TCP connections and starts an HttpSession for each, on
// a strand of its own.
//
// Beyond --max-connections open connections, a new one gets a 503 response
// and is closed (see RejectedConnection). Rejections in progress are bounded
// too: beyond that bound, connections are closed right after the accept.
// Either way a warning is logged, at most once per 10 s, with the count.
//
// Thread safety: Stop() may be called from any thread.
#ifndef DCHAT_SERVERS_UI_LISTENER_H_
#define DCHAT_SERVERS_UI_LISTENER_H_

#include <chrono>
#include <cstddef>
#include <memory>

#include "dchat/status.h"
#include "ui/connection_limiter.h"
#include "ui/http_types.h"
#include "ui/shared_state.h"

namespace dchat::ui {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens on `endpoint`. UNAVAILABLE (with the system's
  // reason) when the address is in use or cannot be bound; nothing is left
  // half open then.
  static Result<std::shared_ptr<Listener>> Create(net::io_context& io,
                                                  const tcp::endpoint& endpoint,
                                                  std::shared_ptr<SharedState> state);

  // Starts accepting.
  void Run();
  // Stops accepting; open connections go on.
  void Stop();

  // The bound address, with the port chosen when port 0 was asked for.
  tcp::endpoint local_endpoint() const { return local_endpoint_; }

 private:
  Listener(net::io_context& io, std::shared_ptr<SharedState> state);
  void Accept();
  void OnAccept(beast::error_code error, tcp::socket socket);
  // Sends 503 on a connection over the limit, or closes it, and logs the
  // rejections.
  void Reject(tcp::socket socket);

  net::io_context& io_;
  tcp::acceptor acceptor_;
  std::shared_ptr<SharedState> state_;
  tcp::endpoint local_endpoint_;

  // Connections getting a 503 response now. Beyond them, connections are
  // closed at once.
  ConnectionLimiter rejections_;
  // Rejections since the last warning, and when it was logged. Used on the
  // acceptor's strand only.
  size_t rejected_since_log_ = 0;
  size_t closed_since_log_ = 0;
  std::chrono::steady_clock::time_point last_rejection_log_{};
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_LISTENER_H_
