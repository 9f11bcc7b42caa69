#include "ui/listener.h"

#include <spdlog/spdlog.h>

#include "ui/http_session.h"
#include "ui/rejected_connection.h"

namespace dchat::ui {
namespace {

// Connections that get a 503 response at once. Each takes a file descriptor
// for up to two seconds.
constexpr size_t kMaxRejectionsInProgress = 64;
// Minimum time between two warnings about rejected connections.
constexpr std::chrono::seconds kRejectionLogInterval{10};

}  // namespace

Listener::Listener(net::io_context& io, std::shared_ptr<SharedState> state)
    : io_(io),
      acceptor_(net::make_strand(io)),
      state_(std::move(state)),
      rejections_(kMaxRejectionsInProgress) {}

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
  } else if (std::optional<ConnectionLimiter::Slot> slot = state_->connections().TryAcquire()) {
    std::make_shared<HttpSession>(std::move(socket), state_, std::move(*slot))->Run();
  } else {
    Reject(std::move(socket));
  }
  if (acceptor_.is_open()) Accept();
}

void Listener::Reject(tcp::socket socket) {
  size_t max_connections = state_->connections().max();
  std::optional<ConnectionLimiter::Slot> slot = rejections_.TryAcquire();
  if (slot) {
    ++rejected_since_log_;
  } else {
    ++closed_since_log_;
  }

  // Logged before the response is sent, so the warning never comes after
  // the 503 that it counts.
  auto now = std::chrono::steady_clock::now();
  if (now - last_rejection_log_ >= kRejectionLogInterval) {
    spdlog::warn(
        "rejecting connections: {} are open, the maximum (--max-connections); since the last "
        "warning, 503 sent to {} and {} closed without a response",
        max_connections, rejected_since_log_, closed_since_log_);
    last_rejection_log_ = now;
    rejected_since_log_ = 0;
    closed_since_log_ = 0;
  }

  if (!slot) {
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  std::make_shared<RejectedConnection>(std::move(socket), max_connections, std::move(*slot))
      ->Run();
}

}  // namespace dchat::ui
