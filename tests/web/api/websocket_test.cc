// The /ws event socket: origin and session checks, backlog after the
// page's cursors, live events, fan-out to every socket of a session.
#include <cctype>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/web_test_fixture.h"

namespace dchat::ui::testing {
namespace {

using std::chrono::milliseconds;
using WebSocketTest = WebUiTest;

// Reads frames until `done` returns true for one, or `timeout` passes.
// Returns every frame read.
std::vector<nlohmann::json> ReadUntil(WebSocketClient& socket,
                                      const std::function<bool(const nlohmann::json&)>& done,
                                      milliseconds timeout = milliseconds(5000)) {
  std::vector<nlohmann::json> frames;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    std::optional<nlohmann::json> frame = socket.Read(std::max(left, milliseconds(1)));
    if (!frame) break;
    frames.push_back(*frame);
    if (done(*frame)) break;
  }
  return frames;
}

bool IsReady(const nlohmann::json& frame) { return frame["type"] == "ready"; }

// The message sequences of `room` in message and backlog frames, in order.
std::vector<int64_t> MessageSeqs(const std::vector<nlohmann::json>& frames,
                                 const std::string& room) {
  std::vector<int64_t> seqs;
  for (const nlohmann::json& frame : frames) {
    if (frame["type"] == "message" && frame["message"]["room_id"] == room) {
      seqs.push_back(frame["message"]["seq"]);
    }
    if (frame["type"] == "backlog" && frame["room_id"] == room) {
      for (const auto& message : frame["messages"]) seqs.push_back(message["seq"]);
    }
  }
  return seqs;
}

// Creates a room owned by `client` and sends `count` messages to it.
std::string RoomWithMessages(WebClient& client, const std::string& name, int count) {
  HttpReply created = client.PostJson("/api/rooms", {{"name", name}}, client.Csrf());
  EXPECT_EQ(created.status(), 201) << created.body();
  std::string room = created.json()["room"]["room_id"];
  for (int i = 1; i <= count; ++i) {
    HttpReply sent = client.PostJson("/api/rooms/" + room + "/messages",
                                     {{"text", "message " + std::to_string(i)}}, client.Csrf());
    EXPECT_EQ(sent.status(), 201) << sent.body();
  }
  return room;
}

// Sends a WebSocket upgrade request to /ws as plain HTTP and returns the
// response status, which Beast's client does not report for a rejection.
int UpgradeStatus(WebClient& client, const std::string& origin) {
  Headers headers = {{"Connection", "Upgrade"},
                     {"Upgrade", "websocket"},
                     {"Sec-WebSocket-Version", "13"},
                     {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  if (!origin.empty()) headers["Origin"] = origin;
  return client.Get("/ws", headers).status();
}

TEST_F(WebSocketTest, RejectsForeignOrMissingOrigin) {
  WebClient client = SignedInClient("wsorigin");
  EXPECT_EQ(UpgradeStatus(client, "http://evil.example"), 403);
  EXPECT_EQ(UpgradeStatus(client, "null"), 403);
  EXPECT_EQ(UpgradeStatus(client, ""), 403);

  WebSocketClient foreign;
  EXPECT_NE(foreign.Open(client.address(), "/ws", "http://evil.example", client.session_cookie()),
            101);
  WebSocketClient own;
  EXPECT_EQ(own.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
}

TEST_F(WebSocketTest, RequiresSession) {
  WebClient client = NewClient();
  EXPECT_EQ(UpgradeStatus(client, client.origin()), 401);
  client.set_session_cookie(std::string(64, 'f'));
  EXPECT_EQ(UpgradeStatus(client, client.origin()), 401);
}

TEST_F(WebSocketTest, SendsReadyWithoutCursors) {
  WebClient client = SignedInClient("wsready");
  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
  std::vector<nlohmann::json> frames = ReadUntil(socket, IsReady);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back()["type"], "ready");
}

TEST_F(WebSocketTest, BacklogAfterCursorThenLiveWithoutDuplicates) {
  WebClient client = SignedInClient("wsbacklog");
  std::string room = RoomWithMessages(client, UniqueName("backlog"), 3);

  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws?" + room + "=1", client.origin(),
                        client.session_cookie()),
            101);
  std::vector<nlohmann::json> frames = ReadUntil(socket, IsReady);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back()["type"], "ready");
  EXPECT_EQ(MessageSeqs(frames, room), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(frames.back()["cursors"][room], 3);

  // A live message follows the backlog with the next sequence.
  ASSERT_EQ(client.PostJson("/api/rooms/" + room + "/messages", {{"text", "live"}}, client.Csrf())
                .status(),
            201);
  std::vector<nlohmann::json> live = ReadUntil(socket, [&](const nlohmann::json& frame) {
    return frame["type"] == "message" && frame["message"]["room_id"] == room;
  });
  EXPECT_EQ(MessageSeqs(live, room), (std::vector<int64_t>{4}));
  ASSERT_FALSE(live.empty());
  EXPECT_EQ(live.back()["message"]["text"], "live");

  // Nothing is repeated afterwards.
  std::vector<nlohmann::json> rest = ReadUntil(socket, [](const nlohmann::json&) { return false; },
                                               milliseconds(500));
  EXPECT_TRUE(MessageSeqs(rest, room).empty());
}

// A frame written before the session's gateway stream is ready (here a
// pong) must not start the catch-up early: the page gets one ready frame,
// sent only once live events flow.
TEST_F(WebSocketTest, OneReadyWhenFramesPrecedeStream) {
  WebClient client = SignedInClient("wsearly");
  std::string room = RoomWithMessages(client, UniqueName("early"), 2);

  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws?" + room + "=0", client.origin(),
                        client.session_cookie()),
            101);
  for (int i = 0; i < 3; ++i) socket.Send({{"type", "ping"}});

  std::vector<nlohmann::json> frames = ReadUntil(socket, IsReady);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back()["type"], "ready");
  EXPECT_EQ(MessageSeqs(frames, room), (std::vector<int64_t>{1, 2}));

  // After the ready frame, a new message comes live, not as backlog.
  ASSERT_EQ(client.PostJson("/api/rooms/" + room + "/messages", {{"text", "live"}}, client.Csrf())
                .status(),
            201);
  std::vector<nlohmann::json> live = ReadUntil(socket, [&](const nlohmann::json& frame) {
    return frame["type"] == "message" && frame["message"]["room_id"] == room;
  });
  ASSERT_FALSE(live.empty());
  EXPECT_EQ(live.back()["type"], "message");
  EXPECT_EQ(MessageSeqs(live, room), (std::vector<int64_t>{3}));

  // No second ready frame, then or later. A read that times out ends the
  // test socket, so this check comes last.
  std::vector<nlohmann::json> rest = ReadUntil(socket, IsReady, milliseconds(1000));
  live.insert(live.end(), rest.begin(), rest.end());
  for (const nlohmann::json& frame : live) {
    EXPECT_NE(frame["type"], "ready") << "a second ready frame: " << frame.dump();
  }
  EXPECT_TRUE(MessageSeqs(rest, room).empty());
}

TEST_F(WebSocketTest, CursorRoomIdIgnoresCase) {
  WebClient client = SignedInClient("wscase");
  std::string room = RoomWithMessages(client, UniqueName("case"), 3);
  std::string upper = room;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws?" + upper + "=2", client.origin(),
                        client.session_cookie()),
            101);
  std::vector<nlohmann::json> frames = ReadUntil(socket, IsReady);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(MessageSeqs(frames, room), (std::vector<int64_t>{3}));
  EXPECT_EQ(frames.back()["cursors"][room], 3);
}

TEST_F(WebSocketTest, ResumeFrameCatchesUp) {
  WebClient client = SignedInClient("wsresume");
  std::string room = RoomWithMessages(client, UniqueName("resume"), 3);

  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
  ASSERT_FALSE(ReadUntil(socket, IsReady).empty());

  socket.Send({{"type", "resume"}, {"cursors", {{room, 0}}}});
  std::vector<nlohmann::json> frames = ReadUntil(socket, IsReady);
  EXPECT_EQ(MessageSeqs(frames, room), (std::vector<int64_t>{1, 2, 3}));
}

TEST_F(WebSocketTest, EverySocketOfSessionGetsEvents) {
  WebClient client = SignedInClient("wsfanout");
  std::string room = RoomWithMessages(client, UniqueName("fanout"), 0);

  WebSocketClient first;
  WebSocketClient second;
  ASSERT_EQ(first.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
  ASSERT_EQ(second.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
  ASSERT_FALSE(ReadUntil(first, IsReady).empty());
  ASSERT_FALSE(ReadUntil(second, IsReady).empty());

  ASSERT_EQ(client.PostJson("/api/rooms/" + room + "/messages", {{"text", "to both"}},
                            client.Csrf()).status(),
            201);
  auto is_message = [&](const nlohmann::json& frame) {
    return frame["type"] == "message" && frame["message"]["room_id"] == room;
  };
  EXPECT_EQ(MessageSeqs(ReadUntil(first, is_message), room), (std::vector<int64_t>{1}));
  EXPECT_EQ(MessageSeqs(ReadUntil(second, is_message), room), (std::vector<int64_t>{1}));
}

TEST_F(WebSocketTest, OtherUsersTypingArrives) {
  WebClient alice = SignedInClient("wsalice");
  WebClient bob = SignedInClient("wsbob");
  std::string room = RoomWithMessages(alice, UniqueName("typing"), 0);
  ASSERT_EQ(bob.PostJson("/api/rooms/" + room + "/join", nlohmann::json::object(), bob.Csrf())
                .status(),
            200);

  WebSocketClient socket;
  ASSERT_EQ(socket.Open(alice.address(), "/ws", alice.origin(), alice.session_cookie()), 101);
  ASSERT_FALSE(ReadUntil(socket, IsReady).empty());

  ASSERT_EQ(bob.PostJson("/api/rooms/" + room + "/typing", nlohmann::json::object(), bob.Csrf())
                .status(),
            204);
  std::vector<nlohmann::json> frames = ReadUntil(socket, [&](const nlohmann::json& frame) {
    return frame["type"] == "typing" && frame["room_id"] == room;
  });
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back()["type"], "typing");
}

TEST_F(WebSocketTest, LogoutClosesSocketsWithPolicyCode) {
  WebClient client = SignedInClient("wslogout");
  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
  ASSERT_FALSE(ReadUntil(socket, IsReady).empty());

  ASSERT_EQ(client.PostJson("/api/logout", nlohmann::json::object(), client.Csrf()).status(), 204);
  ReadUntil(socket, [](const nlohmann::json&) { return false; });
  EXPECT_EQ(socket.close_code(), 1008);
}

TEST_F(WebSocketTest, MalformedFrameClosesSocket) {
  WebClient client = SignedInClient("wsbadframe");
  WebSocketClient socket;
  ASSERT_EQ(socket.Open(client.address(), "/ws", client.origin(), client.session_cookie()), 101);
  ASSERT_FALSE(ReadUntil(socket, IsReady).empty());
  socket.Send("not an object");
  ReadUntil(socket, [](const nlohmann::json&) { return false; });
  EXPECT_EQ(socket.close_code(), 1008);
}

}  // namespace
}  // namespace dchat::ui::testing
