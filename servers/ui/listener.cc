#include "ui/listener.h"

#include <spdlog/spdlog.h>

#include "ui/http_session.h"

namespace dchat::ui {

Listener::Listener(net::io_context& io, std::shared_ptr<SharedState> state)
    : io_(io), acceptor_(net::make_strand(io)), state_(std::move(state)) {}

Result<std::shared_ptr<Listener>> Listener::Create(net::io_context& io,
                                                   const tcp::endpoint& endpoint,
                                                   std::shared_ptr<SharedState> state) {
  std::shared_ptr<Listener> listener(new Listener(io, std::move(state)));
  beast::error_code error;
  std::string address = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());

  // Each step's failure is returned, and the acceptor closes with the
  // listener, so a failed Create leaves no socket behind.
  listener->acceptor_.open(endpoint.protocol(), error);
  if (error) return UnavailableError("cannot open a socket for " + address + ": " + error.message());
  listener->acceptor_.set_option(net::socket_base::reuse_address(true), error);
  if (error) return UnavailableError("cannot set SO_REUSEADDR on " + address + ": " + error.message());
  listener->acceptor_.bind(endpoint, error);
  if (error) {
    return UnavailableError("cannot bind " + address + ": " + error.message() +
                            "; choose another address with --listen");
  }
  listener->acceptor_.listen(net::socket_base::max_listen_connections, error);
  if (error) return UnavailableError("cannot listen on " + address + ": " + error.message());

  listener->local_endpoint_ = listener->acceptor_.local_endpoint(error);
  if (error) return UnavailableError("cannot read the bound address: " + error.message());
  return listener;
}

void Listener::Run() {
  net::dispatch(acceptor_.get_executor(),
                beast::bind_front_handler(&Listener::Accept, shared_from_this()));
}

void Listener::Stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::Accept() {
  // Each connection gets its own strand, so its handlers never run
  // concurrently while different connections use all I/O threads.
  acceptor_.async_accept(net::make_strand(io_),
                         beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code error, tcp::socket socket) {
  if (error == net::error::operation_aborted) return;
  if (error) {
    // Typically EMFILE under load: log and keep accepting.
    spdlog::warn("accepting a connection failed: {}", error.message());
  } else {
    std::make_shared<HttpSession>(std::move(socket), state_)->Run();
  }
  if (acceptor_.is_open()) Accept();
}

}  // namespace dchat::ui
