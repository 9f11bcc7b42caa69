#include "ui/http_session.h"

#include <spdlog/spdlog.h>

#include "ui/http_errors.h"
#include "ui/http_util.h"
#include "ui/responses.h"
#include "ui/route_support.h"
#include "ui/router.h"
#include "ui/websocket_session.h"

namespace dchat::ui {
namespace {

constexpr std::chrono::seconds kWriteTimeout{30};

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state,
                         ConnectionLimiter::Slot slot)
    : stream_(std::move(socket)), state_(std::move(state)), slot_(std::move(slot)) {}

void HttpSession::Run() {
  // Start on the connection's strand, where every later handler runs.
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&HttpSession::Read, shared_from_this()));
}

void HttpSession::Read() {
  const UiOptions& options = state_->options();
  parser_.emplace();
  parser_->body_limit(options.max_body_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(options.max_header_bytes));

  // Bounds both a slow request and an idle keep-alive connection.
  stream_.expires_after(options.http_read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
}

void HttpSession::OnRead(beast::error_code error, size_t /*bytes*/) {
  // The client closed or went quiet between requests: an expected end.
  if (error == http::error::end_of_stream || error == beast::error::timeout ||
      error == net::error::connection_reset || error == net::error::operation_aborted) {
    return Close();
  }
  if (error == http::error::body_limit || error == http::error::header_limit ||
      error == http::error::bad_target || error == http::error::bad_method ||
      error == http::error::bad_field || error == http::error::bad_value ||
      error == http::error::bad_version || error == http::error::bad_line_ending) {
    return RejectMalformed(error);
  }
  if (error) {
    spdlog::debug("reading a request failed: {}", error.message());
    return Close();
  }

  Request request = parser_->release();
  request_version_ = request.version();
  request_keep_alive_ = request.keep_alive();

  if (websocket::is_upgrade(request)) return Upgrade(std::move(request));

  // The router may respond from a gateway call pool thread, so the response
  // is posted back to the strand before it touches the stream.
  auto self = shared_from_this();
  RouteRequest(*state_, std::move(request), [self](Response response) {
    net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->Send(std::move(response));
    });
  });
}

void HttpSession::RejectMalformed(const beast::error_code& error) {
  request_keep_alive_ = false;
  if (error == http::error::body_limit) {
    return Send(TextResponse(http::status::payload_too_large,
                             "request body larger than " +
                                 std::to_string(state_->options().max_body_bytes) + " bytes"));
  }
  if (error == http::error::header_limit) {
    return Send(TextResponse(http::status::request_header_fields_too_large,
                             "request header larger than " +
                                 std::to_string(state_->options().max_header_bytes) + " bytes"));
  }
  Send(TextResponse(http::status::bad_request, "malformed HTTP request: " + error.message()));
}

void HttpSession::Upgrade(Request request) {
  std::string_view target(request.target().data(), request.target().size());
  Target parts = SplitTarget(target);
  if (parts.path != "/ws") {
    return Send(TextResponse(http::status::not_found, "WebSocket endpoint is /ws"));
  }

  // Browsers always send Origin with a WebSocket handshake; checking it
  // stops other sites from opening a socket with the user's cookie.
  std::string_view origin = HeaderValue(request, http::field::origin);
  if (!state_->origin_policy().Allows(origin, HeaderValue(request, http::field::host))) {
    spdlog::info("rejected a WebSocket from origin '{}'", origin);
    return Send(ErrorResponse(PermissionDeniedError("WebSocket origin not allowed")));
  }

  std::shared_ptr<UiSession> session = state_->FindSession(request);
  if (!session) {
    return Send(ErrorResponse(UnauthenticatedError("not signed in; sign in before opening /ws")));
  }

  // The WebSocketSession gives the place back when it ends.
  size_t max_sockets = state_->options().max_sockets_per_session;
  if (!session->TryAddSocket(max_sockets)) {
    spdlog::info("rejected a WebSocket of user {}: {} are open, the maximum per session",
                 session->user().user_id(), max_sockets);
    return Send(ErrorResponse(ResourceExhaustedError(
        "this session has " + std::to_string(max_sockets) +
        " WebSockets open, the maximum; close another dchat tab")));
  }

  std::optional<std::map<std::string, std::string>> query = ParseFormEncoded(parts.query);
  std::map<std::string, int64_t> cursors;
  if (query) {
    for (const auto& [room, value] : *query) {
      if (std::optional<long long> seq = ParseInteger(value)) cursors[room] = *seq;
    }
  }

  // The WebSocket session takes the socket over; this HTTP session ends.
  stream_.expires_never();
  std::make_shared<WebSocketSession>(stream_.release_socket(), state_, std::move(session),
                                     std::move(cursors), std::move(*slot_))
      ->Run(std::move(request));
  slot_.reset();
}

void HttpSession::Send(Response response) {
  response.version(request_version_);
  response.keep_alive(request_keep_alive_);
  AddSecurityHeaders(response);
  response_.emplace(std::move(response));

  bool close = response_->need_eof();
  stream_.expires_after(kWriteTimeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this(), close));
}

void HttpSession::OnWrite(bool close, beast::error_code error, size_t /*bytes*/) {
  response_.reset();
  if (error) {
    spdlog::debug("writing a response failed: {}", error.message());
    return Close();
  }
  if (close) return Close();
  Read();
}

void HttpSession::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace dchat::ui
