// RejectedConnection: responds to a connection accepted over the server's
// connection limit with "503 Service Unavailable" and closes it.
//
// It writes the response at once, without reading the request, then shuts
// down its sending side and discards what the client still sends until the
// client closes, so that the close does not reset the connection before
// the client has read the response. All of it is bounded by one deadline.
#ifndef DCHAT_SERVERS_UI_REJECTED_CONNECTION_H_
#define DCHAT_SERVERS_UI_REJECTED_CONNECTION_H_

#include <array>
#include <memory>

#include "ui/connection_limiter.h"
#include "ui/http_types.h"

namespace dchat::ui {

class RejectedConnection : public std::enable_shared_from_this<RejectedConnection> {
 public:
  // `slot` counts this connection among the rejections in progress.
  RejectedConnection(tcp::socket&& socket, size_t max_connections, ConnectionLimiter::Slot slot);

  void Run();

 private:
  void OnWrite(beast::error_code error, size_t bytes);
  void Drain();
  void OnDrain(beast::error_code error, size_t bytes);
  void Close();

  beast::tcp_stream stream_;
  ConnectionLimiter::Slot slot_;
  Response response_;
  std::array<char, 1024> discard_{};
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_REJECTED_CONNECTION_H_
