#include "api/web_client.h"

#include "ui/http_util.h"

namespace dchat::ui::testing {
namespace {

std::pair<std::string, std::string> SplitAddress(const std::string& address) {
  size_t colon = address.rfind(':');
  return {address.substr(0, colon), address.substr(colon + 1)};
}

}  // namespace

std::string HttpReply::header(std::string_view name) const {
  auto found = response.find(name);
  return found == response.end() ? std::string() : std::string(found->value());
}

nlohmann::json HttpReply::json() const {
  return nlohmann::json::parse(response.body(), nullptr, false);
}

HttpReply WebClient::Get(const std::string& target, const Headers& headers) {
  return Request(http::verb::get, target, "", "", headers);
}

HttpReply WebClient::PostJson(const std::string& target, const nlohmann::json& body,
                              const Headers& headers) {
  return Request(http::verb::post, target, body.dump(), "application/json", headers);
}

HttpReply WebClient::PostForm(const std::string& target, const std::string& body,
                              const Headers& headers) {
  return Request(http::verb::post, target, body, "application/x-www-form-urlencoded", headers);
}

HttpReply WebClient::Request(http::verb method, const std::string& target,
                             const std::string& body, const std::string& content_type,
                             const Headers& headers) {
  net::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  auto [host, port] = SplitAddress(address_);
  stream.connect(resolver.resolve(host, port));

  dchat::ui::Request request(method, target, 11);
  request.set(http::field::host, address_);
  if (!session_cookie_.empty()) {
    request.set(http::field::cookie, "dchat_session=" + session_cookie_);
  }
  if (!content_type.empty()) request.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  http::read(stream, buffer, parser);
  HttpReply reply{parser.release()};

  // Keep the session cookie as a browser would.
  auto [first, last] = reply.response.equal_range(http::field::set_cookie);
  for (auto field = first; field != last; ++field) {
    std::string_view value = field->value();
    std::optional<std::string_view> session = FindCookie(value.substr(0, value.find(';')),
                                                         "dchat_session");
    if (session) session_cookie_ = std::string(*session);
  }

  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

Status WebClient::SignUp(const std::string& username, const std::string& password) {
  nlohmann::json credentials = {{"username", username}, {"password", password}};
  HttpReply registered = PostJson("/api/register", credentials);
  if (registered.status() != 201) {
    return InternalError("register answered " + std::to_string(registered.status()) + ": " +
                         registered.body());
  }
  HttpReply login = PostJson("/api/login", credentials);
  if (login.status() != 200) {
    return InternalError("login answered " + std::to_string(login.status()) + ": " +
                         login.body());
  }
  csrf_token_ = login.json()["csrf_token"].get<std::string>();
  return OkStatus();
}

WebSocketClient::WebSocketClient() = default;

WebSocketClient::~WebSocketClient() {
  if (socket_ && !broken_) {
    beast::error_code ignored;
    beast::get_lowest_layer(*socket_).socket().close(ignored);
  }
}

int WebSocketClient::Open(const std::string& address, const std::string& target,
                          const std::string& origin, const std::string& session_cookie) {
  auto [host, port] = SplitAddress(address);
  tcp::resolver resolver(io_);
  socket_ = std::make_unique<websocket::stream<beast::tcp_stream>>(io_);
  beast::error_code error;
  beast::get_lowest_layer(*socket_).connect(resolver.resolve(host, port), error);
  if (error) return 0;

  socket_->set_option(websocket::stream_base::decorator([=](websocket::request_type& request) {
    if (!origin.empty()) request.set(http::field::origin, origin);
    if (!session_cookie.empty()) {
      request.set(http::field::cookie, "dchat_session=" + session_cookie);
    }
  }));
  websocket::response_type response;
  socket_->handshake(response, address, target, error);
  if (error) broken_ = true;
  return static_cast<int>(response.result_int());
}

std::optional<nlohmann::json> WebSocketClient::Read(std::chrono::milliseconds timeout) {
  if (!socket_ || broken_) return std::nullopt;

  beast::error_code result;
  bool done = false;
  socket_->async_read(buffer_, [&](beast::error_code error, size_t) {
    result = error;
    done = true;
  });
  io_.restart();
  io_.run_for(timeout);
  if (!done) {
    // A cancelled read leaves a Beast stream unusable, so the socket ends.
    beast::get_lowest_layer(*socket_).cancel();
    io_.restart();
    io_.run();
    broken_ = true;
    return std::nullopt;
  }
  if (result) {
    if (result == websocket::error::closed) close_code_ = socket_->reason().code;
    broken_ = true;
    return std::nullopt;
  }

  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  return nlohmann::json::parse(text, nullptr, false);
}

void WebSocketClient::Send(const nlohmann::json& frame) {
  if (!socket_ || broken_) return;
  socket_->text(true);
  socket_->write(net::buffer(frame.dump()));
}

}  // namespace dchat::ui::testing
