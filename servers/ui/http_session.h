// HttpSession: one HTTP/1.1 connection. Reads a request (with a timeout and
// size limits), routes it, writes the response, and repeats while the
// client keeps the connection alive. A WebSocket upgrade to /ws that passes
// the Origin and session checks hands the socket to a WebSocketSession.
//
// All handlers run on the connection's strand; responses computed on the
// gateway call pool are posted back to it.
#ifndef DCHAT_SERVERS_UI_HTTP_SESSION_H_
#define DCHAT_SERVERS_UI_HTTP_SESSION_H_

#include <memory>
#include <optional>

#include "ui/connection_limiter.h"
#include "ui/http_types.h"
#include "ui/shared_state.h"

namespace dchat::ui {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `slot` counts the connection among the server's open ones; it passes
  // to the WebSocketSession after an upgrade.
  HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state,
              ConnectionLimiter::Slot slot);

  void Run();

 private:
  void Read();
  void OnRead(beast::error_code error, size_t bytes);
  // Sends 400, 413 or 431 for a request the parser rejected, then closes.
  void RejectMalformed(const beast::error_code& error);
  void Upgrade(Request request);
  void Send(Response response);
  void OnWrite(bool close, beast::error_code error, size_t bytes);
  void Close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  std::optional<ConnectionLimiter::Slot> slot_;
  std::optional<http::request_parser<http::string_body>> parser_;
  // The response being written; kept here until the write completes.
  std::optional<Response> response_;
  unsigned request_version_ = 11;
  bool request_keep_alive_ = false;
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_HTTP_SESSION_H_
