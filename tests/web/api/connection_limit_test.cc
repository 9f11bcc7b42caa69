// The connection limits of dchat-ui: --max-connections for HTTP and
// WebSocket connections together, and --max-sockets-per-session.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "api/web_test_fixture.h"

namespace dchat::ui::testing {
namespace {

using std::chrono::milliseconds;

constexpr size_t kMaxConnections = 6;
constexpr size_t kMaxSocketsPerSession = 2;
// How long the server may take to free the place of a closed connection.
constexpr milliseconds kReleaseTimeout{5000};

// An HTTP connection kept open between requests, so that it keeps its
// place among the server's open connections.
class KeptConnection {
 public:
  explicit KeptConnection(const std::string& address) : address_(address), stream_(io_) {
    size_t colon = address.rfind(':');
    tcp::resolver resolver(io_);
    beast::error_code error;
    stream_.connect(resolver.resolve(address.substr(0, colon), address.substr(colon + 1)), error);
    connected_ = !error;
  }

  // The status of GET `target` on this connection, or 0 when the
  // connection failed or timed out.
  int Get(const std::string& target) {
    if (!connected_) return 0;
    Request request(http::verb::get, target, 11);
    request.set(http::field::host, address_);
    request.keep_alive(true);

    beast::error_code error;
    stream_.expires_after(std::chrono::seconds(5));
    http::async_write(stream_, request, [&](beast::error_code e, size_t) { error = e; });
    Run();
    if (error) return 0;

    Response response;
    http::async_read(stream_, buffer_, response, [&](beast::error_code e, size_t) { error = e; });
    Run();
    if (error) return 0;
    return static_cast<int>(response.result_int());
  }

 private:
  void Run() {
    io_.restart();
    io_.run();
  }

  std::string address_;
  net::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

class ConnectionLimitTest : public WebUiTest {
 protected:
  static void SetUpTestSuite() {
    StartStack({"--max-connections", std::to_string(kMaxConnections),
                "--max-sockets-per-session", std::to_string(kMaxSocketsPerSession)});
  }

  void SetUp() override {
    WebUiTest::SetUp();
    // The connections of the previous test close as it ends. Wait until
    // the server has released them.
    ASSERT_TRUE(EventuallyServed());
  }

  // True once a new connection gets 200 from /healthz, within
  // kReleaseTimeout.
  bool EventuallyServed() const {
    auto deadline = std::chrono::steady_clock::now() + kReleaseTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      KeptConnection connection(stack_->ui_address());
      if (connection.Get("/healthz") == 200) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  // Opens connections that the server has accepted (each got 200)
  // until `count` are open, within kReleaseTimeout.
  std::vector<std::unique_ptr<KeptConnection>> KeepConnections(size_t count) const {
    std::vector<std::unique_ptr<KeptConnection>> kept;
    auto deadline = std::chrono::steady_clock::now() + kReleaseTimeout;
    while (kept.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto connection = std::make_unique<KeptConnection>(stack_->ui_address());
      if (connection->Get("/healthz") == 200) {
        kept.push_back(std::move(connection));
      } else {
        std::this_thread::sleep_for(milliseconds(20));
      }
    }
    return kept;
  }
};

TEST_F(ConnectionLimitTest, RejectsConnectionOverMaximum) {
  std::vector<std::unique_ptr<KeptConnection>> kept = KeepConnections(kMaxConnections);
  ASSERT_EQ(kept.size(), kMaxConnections);

  HttpReply rejected = NewClient().Get("/healthz");
  EXPECT_EQ(rejected.status(), 503);
  EXPECT_NE(rejected.body().find("maximum"), std::string::npos) << rejected.body();
  EXPECT_EQ(rejected.header("Retry-After"), "5");
  EXPECT_EQ(rejected.header("Connection"), "close");
  EXPECT_EQ(rejected.header("X-Content-Type-Options"), "nosniff");

  // The open connections are still served.
  EXPECT_EQ(kept.front()->Get("/healthz"), 200);
  EXPECT_EQ(kept.back()->Get("/healthz"), 200);

  // The log file may lag behind the response by the time a write to it
  // takes.
  auto deadline = std::chrono::steady_clock::now() + kReleaseTimeout;
  bool logged = false;
  while (!logged && std::chrono::steady_clock::now() < deadline) {
    logged = stack_->ui()->ReadLog().find("the maximum (--max-connections)") != std::string::npos;
    if (!logged) std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_TRUE(logged) << "no warning about rejected connections in the dchat-ui log";
}

TEST_F(ConnectionLimitTest, ClosedConnectionFreesItsPlace) {
  std::vector<std::unique_ptr<KeptConnection>> kept = KeepConnections(kMaxConnections);
  ASSERT_EQ(kept.size(), kMaxConnections);
  EXPECT_EQ(NewClient().Get("/healthz").status(), 503);

  kept.pop_back();
  EXPECT_TRUE(EventuallyServed());
}

TEST_F(ConnectionLimitTest, WebSocketsCountAsConnections) {
  WebClient client = SignedInClient("limitws");
  auto socket = std::make_unique<WebSocketClient>();
  ASSERT_EQ(socket->Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);

  std::vector<std::unique_ptr<KeptConnection>> kept = KeepConnections(kMaxConnections - 1);
  ASSERT_EQ(kept.size(), kMaxConnections - 1);
  EXPECT_EQ(NewClient().Get("/healthz").status(), 503);

  socket.reset();
  EXPECT_TRUE(EventuallyServed());
}

// Sends a WebSocket upgrade request to /ws as plain HTTP and returns the
// response.
HttpReply Upgrade(WebClient& client) {
  Headers headers = {{"Connection", "Upgrade"},
                     {"Upgrade", "websocket"},
                     {"Sec-WebSocket-Version", "13"},
                     {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                     {"Origin", client.origin()}};
  return client.Get("/ws", headers);
}

TEST_F(ConnectionLimitTest, RejectsSocketsOverSessionMaximum) {
  WebClient client = SignedInClient("limitsession");
  std::vector<std::unique_ptr<WebSocketClient>> sockets;
  for (size_t i = 0; i < kMaxSocketsPerSession; ++i) {
    sockets.push_back(std::make_unique<WebSocketClient>());
    ASSERT_EQ(sockets.back()->Open(client.address(), "/ws", client.origin(),
                                   client.session_cookie()),
              101);
  }

  HttpReply rejected = Upgrade(client);
  EXPECT_EQ(rejected.status(), 429);
  EXPECT_EQ(rejected.json()["error"]["code"], "RESOURCE_EXHAUSTED") << rejected.body();

  // Another session of the same user has places of its own.
  WebClient other = NewClient();
  nlohmann::json credentials = {{"username", client.Get("/api/me").json()["user"]["username"]},
                                {"password", "correct horse battery"}};
  ASSERT_EQ(other.PostJson("/api/login", credentials).status(), 200);
  WebSocketClient other_socket;
  EXPECT_EQ(other_socket.Open(other.address(), "/ws", other.origin(), other.session_cookie()),
            101);

  // A closed socket frees its place in the session.
  sockets.pop_back();
  auto deadline = std::chrono::steady_clock::now() + kReleaseTimeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    WebSocketClient again;
    status = again.Open(client.address(), "/ws", client.origin(), client.session_cookie());
    if (status == 101) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(status, 101);
}

}  // namespace
}  // namespace dchat::ui::testing
