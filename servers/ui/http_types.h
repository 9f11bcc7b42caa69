// Beast types shared by the ui server's files.
#ifndef DCHAT_SERVERS_UI_HTTP_TYPES_H_
#define DCHAT_SERVERS_UI_HTTP_TYPES_H_

#include <functional>
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including
// <utility>, which GCC 12 in C++20 mode does not pull in by itself.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace dchat::ui {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Sends the response of one request. Handlers must call it exactly once,
// from any thread.
using Respond = std::function<void(Response)>;

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_HTTP_TYPES_H_
