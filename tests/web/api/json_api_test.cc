// The JSON API of dchat-ui against the real servers.
#include <string>

#include <gtest/gtest.h>

#include "api/web_test_fixture.h"

namespace dchat::ui::testing {
namespace {

using JsonApiTest = WebUiTest;

constexpr char kPassword[] = "correct horse battery";

TEST_F(JsonApiTest, MeWithoutSessionIsUnauthenticated) {
  WebClient client = NewClient();
  HttpReply me = client.Get("/api/me");
  EXPECT_EQ(me.status(), 401);
  EXPECT_EQ(me.json()["error"]["code"], "UNAUTHENTICATED");
  EXPECT_EQ(me.header("Content-Type"), "application/json");
  EXPECT_EQ(me.header("Cache-Control"), "no-store");
}

TEST_F(JsonApiTest, RegisterLoginMeLogout) {
  WebClient client = NewClient();
  std::string name = UniqueName("alice");
  nlohmann::json credentials = {{"username", name}, {"password", kPassword}};

  HttpReply registered = client.PostJson("/api/register", credentials);
  ASSERT_EQ(registered.status(), 201) << registered.body();
  EXPECT_EQ(registered.json()["user"]["username"], name);
  EXPECT_TRUE(client.session_cookie().empty()) << "register alone does not sign in";

  HttpReply again = client.PostJson("/api/register", credentials);
  EXPECT_EQ(again.status(), 409);
  EXPECT_EQ(again.json()["error"]["code"], "ALREADY_EXISTS");

  HttpReply wrong = client.PostJson("/api/login", {{"username", name}, {"password", "nope-nope"}});
  EXPECT_EQ(wrong.status(), 401);

  HttpReply login = client.PostJson("/api/login", credentials);
  ASSERT_EQ(login.status(), 200) << login.body();
  std::string cookie = login.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http by default";
  EXPECT_EQ(client.session_cookie().size(), 64u) << "256 random bits as hex";
  // Only the CSRF token reaches the browser, never the gateway token.
  EXPECT_EQ(login.json().size(), 2u) << login.body();
  EXPECT_TRUE(login.json().contains("csrf_token"));
  EXPECT_FALSE(login.json().contains("token"));

  HttpReply me = client.Get("/api/me");
  ASSERT_EQ(me.status(), 200);
  EXPECT_EQ(me.json()["user"]["username"], name);
  std::string csrf = me.json()["csrf_token"];
  EXPECT_EQ(csrf.size(), 64u);

  HttpReply logout_without_csrf = client.PostJson("/api/logout", nlohmann::json::object());
  EXPECT_EQ(logout_without_csrf.status(), 403);

  HttpReply logout =
      client.PostJson("/api/logout", nlohmann::json::object(), {{"X-CSRF-Token", csrf}});
  EXPECT_EQ(logout.status(), 204);
  EXPECT_NE(logout.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(client.Get("/api/me").status(), 401);
}

TEST_F(JsonApiTest, LoginRejectsNonJsonAndForeignOrigin) {
  WebClient client = NewClient();
  HttpReply form = client.PostForm("/api/login", "username=a&password=b");
  EXPECT_EQ(form.status(), 400);

  HttpReply foreign = client.PostJson("/api/login", {{"username", "abc"}, {"password", "x"}},
                                      {{"Origin", "http://evil.example"}});
  EXPECT_EQ(foreign.status(), 403);
}

TEST_F(JsonApiTest, StateChangesNeedCsrfToken) {
  WebClient client = SignedInClient("csrf");
  nlohmann::json room = {{"name", UniqueName("room")}};

  HttpReply missing = client.PostJson("/api/rooms", room);
  EXPECT_EQ(missing.status(), 403);
  EXPECT_EQ(missing.json()["error"]["code"], "PERMISSION_DENIED");

  HttpReply wrong = client.PostJson("/api/rooms", room, {{"X-CSRF-Token", std::string(64, 'a')}});
  EXPECT_EQ(wrong.status(), 403);

  for (const char* path : {"/api/rooms/general/join", "/api/rooms/general/leave",
                           "/api/rooms/general/typing", "/api/presence",
                           "/api/rooms/general/messages"}) {
    EXPECT_EQ(client.PostJson(path, {{"text", "x"}, {"status", "away"}}).status(), 403) << path;
  }

  HttpReply created = client.PostJson("/api/rooms", room, client.Csrf());
  EXPECT_EQ(created.status(), 201) << created.body();
}

TEST_F(JsonApiTest, RoomLifecycle) {
  WebClient owner = SignedInClient("owner");
  WebClient guest = SignedInClient("guest");
  std::string name = UniqueName("Room");

  HttpReply created = owner.PostJson("/api/rooms", {{"name", name}, {"topic", "plans"}},
                                     owner.Csrf());
  ASSERT_EQ(created.status(), 201) << created.body();
  std::string room_id = created.json()["room"]["room_id"];
  EXPECT_EQ(created.json()["room"]["topic"], "plans");
  EXPECT_EQ(created.json()["room"]["visibility"], "public");

  HttpReply duplicate = owner.PostJson("/api/rooms", {{"name", name}}, owner.Csrf());
  EXPECT_EQ(duplicate.status(), 409);

  HttpReply visible = guest.Get("/api/rooms?scope=visible");
  ASSERT_EQ(visible.status(), 200);
  nlohmann::json visible_rooms = visible.json()["rooms"];
  bool listed = false;
  for (const auto& room : visible_rooms) listed |= room["room_id"] == room_id;
  EXPECT_TRUE(listed);

  std::string base = "/api/rooms/" + room_id;
  EXPECT_EQ(guest.Get(base + "/messages").status(), 403) << "not a member yet";
  ASSERT_EQ(guest.PostJson(base + "/join", nlohmann::json::object(), guest.Csrf()).status(), 200);

  HttpReply joined = guest.Get("/api/rooms?scope=joined");
  ASSERT_EQ(joined.status(), 200);
  nlohmann::json joined_rooms = joined.json()["rooms"];
  listed = false;
  for (const auto& room : joined_rooms) listed |= room["room_id"] == room_id;
  EXPECT_TRUE(listed);

  HttpReply sent = guest.PostJson(base + "/messages",
                                  {{"text", "hello"}, {"idempotency_key", "k-1"}}, guest.Csrf());
  ASSERT_EQ(sent.status(), 201) << sent.body();
  EXPECT_EQ(sent.json()["message"]["seq"], 1);
  HttpReply retried = guest.PostJson(base + "/messages",
                                     {{"text", "hello"}, {"idempotency_key", "k-1"}}, guest.Csrf());
  EXPECT_EQ(retried.json()["message"]["seq"], 1) << "same key, same message";

  HttpReply history = owner.Get(base + "/messages?limit=10");
  ASSERT_EQ(history.status(), 200);
  ASSERT_EQ(history.json()["messages"].size(), 1u);
  EXPECT_EQ(history.json()["messages"][0]["text"], "hello");
  EXPECT_EQ(history.json()["last_seq"], 1);

  EXPECT_EQ(owner.PostJson(base + "/typing", nlohmann::json::object(), owner.Csrf()).status(), 204);
  HttpReply roster = owner.Get(base + "/roster");
  ASSERT_EQ(roster.status(), 200) << roster.body();
  EXPECT_TRUE(roster.json()["entries"].is_array());

  EXPECT_EQ(guest.PostJson(base + "/leave", nlohmann::json::object(), guest.Csrf()).status(), 204);
  EXPECT_EQ(guest.Get(base + "/messages").status(), 403);
}

TEST_F(JsonApiTest, InvalidRequestsGetClearErrors) {
  WebClient client = SignedInClient("errors");
  EXPECT_EQ(client.PostJson("/api/rooms/no-such-room/join", nlohmann::json::object(),
                            client.Csrf()).status(), 404);
  EXPECT_EQ(client.Get("/api/rooms/general/messages?limit=0").status(), 400);
  EXPECT_EQ(client.Get("/api/rooms/general/messages?limit=abc").status(), 400);
  EXPECT_EQ(client.Get("/api/rooms?scope=everything").status(), 400);
  EXPECT_EQ(client.PostJson("/api/presence", {{"status", "invisible"}}, client.Csrf()).status(), 400);
  EXPECT_EQ(client.PostJson("/api/rooms", {{"name", 42}}, client.Csrf()).status(), 400);
  EXPECT_EQ(client.Request(http::verb::post, "/api/rooms", "{not json", "application/json",
                           client.Csrf()).status(), 400);
  EXPECT_EQ(client.Get("/api/nothing-here").status(), 404);
  EXPECT_EQ(client.Request(http::verb::delete_, "/api/rooms", "", "", {}).status(), 405);
}

TEST_F(JsonApiTest, PresenceCanBeSet) {
  WebClient client = SignedInClient("presence");
  HttpReply away = client.PostJson("/api/presence", {{"status", "away"}}, client.Csrf());
  ASSERT_EQ(away.status(), 200) << away.body();
  EXPECT_EQ(away.json()["presence"]["status"], "away");
}

TEST_F(JsonApiTest, HtmlLookingTextRoundTripsUnchanged) {
  WebClient client = SignedInClient("html");
  ASSERT_EQ(client.PostJson("/api/rooms/general/join", nlohmann::json::object(),
                            client.Csrf()).status(), 200);
  const std::string text = "<script>alert(1)</script> <b>&amp;</b>";

  HttpReply sent =
      client.PostJson("/api/rooms/general/messages", {{"text", text}}, client.Csrf());
  ASSERT_EQ(sent.status(), 201) << sent.body();
  EXPECT_EQ(sent.json()["message"]["text"], text);
  int64_t seq = sent.json()["message"]["seq"];

  HttpReply page = client.Get("/api/rooms/general/messages?after=" + std::to_string(seq - 1));
  ASSERT_EQ(page.status(), 200);
  ASSERT_FALSE(page.json()["messages"].empty());
  EXPECT_EQ(page.json()["messages"][0]["text"], text);
  EXPECT_EQ(page.header("Content-Type"), "application/json");
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(JsonApiTest, ExpiredCookieIsRejected) {
  WebClient client = NewClient();
  client.set_session_cookie(std::string(64, '0'));
  EXPECT_EQ(client.Get("/api/me").status(), 401);
}

}  // namespace
}  // namespace dchat::ui::testing
