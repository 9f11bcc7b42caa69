// Listener: accepts TCP connections and starts an HttpSession for each, on
// a strand of its own.
//
// Thread safety: Stop() may be called from any thread.
#ifndef DCHAT_SERVERS_UI_LISTENER_H_
#define DCHAT_SERVERS_UI_LISTENER_H_

#include <memory>

#include "dchat/status.h"
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

  net::io_context& io_;
  tcp::acceptor acceptor_;
  std::shared_ptr<SharedState> state_;
  tcp::endpoint local_endpoint_;
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_LISTENER_H_
