#include "ui/rejected_connection.h"

#include <string>

#include "ui/responses.h"

namespace dchat::ui {
namespace {

// Time to write the response and see the client close, in total.
constexpr std::chrono::seconds kRejectionDeadline{2};
// Retry-After of the response, in seconds.
constexpr int kRetryAfterSeconds = 5;

}  // namespace

RejectedConnection::RejectedConnection(tcp::socket&& socket, size_t max_connections,
                                     ConnectionLimiter::Slot slot)
    : stream_(std::move(socket)), slot_(std::move(slot)) {
  response_ = TextResponse(http::status::service_unavailable,
                           "dchat-ui has " + std::to_string(max_connections) +
                               " connections open, its maximum; try again in a few seconds");
  response_.set(http::field::retry_after, std::to_string(kRetryAfterSeconds));
  response_.keep_alive(false);
  AddSecurityHeaders(response_);
}

void RejectedConnection::Run() {
  stream_.expires_after(kRejectionDeadline);
  http::async_write(stream_, response_,
                    beast::bind_front_handler(&RejectedConnection::OnWrite, shared_from_this()));
}

void RejectedConnection::OnWrite(beast::error_code error, size_t /*bytes*/) {
  if (error) return Close();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  Drain();
}

void RejectedConnection::Drain() {
  stream_.async_read_some(net::buffer(discard_),
                          beast::bind_front_handler(&RejectedConnection::OnDrain,
                                                    shared_from_this()));
}

void RejectedConnection::OnDrain(beast::error_code error, size_t /*bytes*/) {
  // End of stream, a reset, or the deadline: done either way.
  if (error) return Close();
  Drain();
}

void RejectedConnection::Close() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

}  // namespace dchat::ui
