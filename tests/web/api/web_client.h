// Test clients of dchat-ui built on Boost.Beast: an HTTP client with a
// one-cookie jar, and a WebSocket client with read timeouts.
#ifndef DCHAT_TESTS_WEB_API_WEB_CLIENT_H_
#define DCHAT_TESTS_WEB_API_WEB_CLIENT_H_

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dchat/status.h"
#include "ui/http_types.h"

namespace dchat::ui::testing {

struct HttpReply {
  Response response;

  int status() const { return static_cast<int>(response.result_int()); }
  const std::string& body() const { return response.body(); }
  // The header's value, or "" when absent.
  std::string header(std::string_view name) const;
  // The body parsed as JSON; a discarded value when it is not JSON.
  nlohmann::json json() const;
};

using Headers = std::map<std::string, std::string>;

// One browser's view of the server: keeps the dchat_session cookie that
// responses set and sends it back, and the CSRF token once read.
// Each request uses a fresh connection.
class WebClient {
 public:
  explicit WebClient(std::string address) : address_(std::move(address)) {}

  HttpReply Get(const std::string& target, const Headers& headers = {});
  HttpReply PostJson(const std::string& target, const nlohmann::json& body,
                     const Headers& headers = {});
  HttpReply PostForm(const std::string& target, const std::string& body,
                     const Headers& headers = {});
  HttpReply Request(http::verb method, const std::string& target, const std::string& body,
                    const std::string& content_type, const Headers& headers);

  // Registers and signs in through the JSON API, and reads the CSRF token.
  Status SignUp(const std::string& username, const std::string& password);
  // The X-CSRF-Token header, for state-changing API calls.
  Headers Csrf() const { return {{"X-CSRF-Token", csrf_token_}}; }

  const std::string& address() const { return address_; }
  std::string origin() const { return "http://" + address_; }
  const std::string& session_cookie() const { return session_cookie_; }
  void set_session_cookie(std::string cookie) { session_cookie_ = std::move(cookie); }

 private:
  std::string address_;
  std::string session_cookie_;
  std::string csrf_token_;
};

// A WebSocket to /ws.
class WebSocketClient {
 public:
  WebSocketClient();
  ~WebSocketClient();

  // Opens `target` with the given Origin and session cookie (each left out
  // when empty). Returns 101 when the socket is open and another value
  // otherwise; Beast 1.74 does not report the status of a declined
  // handshake, so read rejections with a plain HTTP request instead.
  int Open(const std::string& address, const std::string& target, const std::string& origin,
           const std::string& session_cookie);

  // The next frame as JSON, or nullopt after `timeout` or when the socket
  // closed. After a close, close_code() returns the server's close code.
  std::optional<nlohmann::json> Read(std::chrono::milliseconds timeout);
  void Send(const nlohmann::json& frame);
  // The close code the server sent, or 0.
  int close_code() const { return close_code_; }

 private:
  net::io_context io_;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> socket_;
  beast::flat_buffer buffer_;
  int close_code_ = 0;
  bool broken_ = false;
};

}  // namespace dchat::ui::testing

#endif  // DCHAT_TESTS_WEB_API_WEB_CLIENT_H_
