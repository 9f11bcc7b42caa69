// Settings of the ui server, filled from flags by main().
#ifndef DCHAT_SERVERS_UI_UI_OPTIONS_H_
#define DCHAT_SERVERS_UI_UI_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace dchat::ui {

struct UiOptions {
  // HOST:PORT to serve HTTP on; port 0 picks a free one.
  std::string listen = "127.0.0.1:5000";
  // The dchat gateway, HOST:PORT.
  std::string gateway = "127.0.0.1:8080";
  // Threads that run the HTTP and WebSocket I/O; 0 means one per core.
  int io_threads = 0;
  // Threads that make blocking gateway calls, which bounds the calls in
  // flight at once.
  int gateway_threads = 32;
  // Gateway calls queued beyond the running ones before requests get 503.
  size_t max_pending_calls = 4096;
  // A UI session unused for this long ends, and its gateway token is
  // revoked.
  std::chrono::seconds session_ttl{24 * 60 * 60};
  size_t max_sessions = 10000;
  // Open HTTP and WebSocket connections at once; more get 503.
  size_t max_connections = 10000;
  // WebSockets of one signed-in session (its tabs) at once; more get 429.
  size_t max_sockets_per_session = 16;
  // Adds Secure to the session cookie; needed when the page is served over
  // https (through a TLS proxy), wrong for plain http.
  bool secure_cookies = false;
  // Origins allowed to use the API and WebSocket with a session cookie.
  // Empty: the page's own origin, derived from the Host header.
  std::vector<std::string> allowed_origins;

  // Request limits.
  size_t max_body_bytes = 64 * 1024;
  size_t max_header_bytes = 8 * 1024;
  size_t max_websocket_frame_bytes = 16 * 1024;
  // Time allowed to receive a whole request, and the keep-alive idle time.
  std::chrono::seconds http_read_timeout{30};
  // Frames queued for one WebSocket before it is closed with 1013 and its
  // page reconnects.
  size_t max_websocket_queue = 512;
  // Live messages a socket holds back while it catches up from History.
  size_t max_held_messages = 2000;
  // How long a session's gateway stream stays open after its last page
  // closed, so that reloads keep the user online.
  std::chrono::seconds stream_grace{10};
  // Interval of the sweep that expires sessions and closes unused streams.
  std::chrono::seconds sweep_interval{5};
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_UI_OPTIONS_H_
