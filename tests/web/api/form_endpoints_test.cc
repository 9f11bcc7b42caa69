// The form endpoints kept for load-test scripts of the earlier Flask UI.
#include <string>

#include <gtest/gtest.h>

#include "api/web_test_fixture.h"

namespace dchat::ui::testing {
namespace {

using FormEndpointsTest = WebUiTest;


std::string Credentials(const std::string& name) {
  return "username=" + name + "&password=" + std::string("correct+horse+battery");
}

TEST_F(FormEndpointsTest, RegisterRedirectsToChatSignedIn) {
  WebClient client = NewClient();
  HttpReply registered = client.PostForm("/register", Credentials(UniqueName("form")));
  ASSERT_EQ(registered.status(), 302) << registered.body();
  EXPECT_EQ(registered.header("Location"), "/chat");
  EXPECT_FALSE(client.session_cookie().empty());
  EXPECT_EQ(client.Get("/api/me").status(), 200);

  HttpReply chat = client.Get("/chat");
  EXPECT_EQ(chat.status(), 200);
  EXPECT_EQ(chat.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(FormEndpointsTest, LoginRedirectsAndWrongPasswordFails) {
  std::string name = UniqueName("formlogin");
  WebClient first = NewClient();
  ASSERT_EQ(first.PostForm("/register", Credentials(name)).status(), 302);

  WebClient second = NewClient();
  HttpReply wrong = second.PostForm("/login", "username=" + name + "&password=wrong-one");
  EXPECT_EQ(wrong.status(), 401);
  EXPECT_TRUE(second.session_cookie().empty());

  HttpReply login = second.PostForm("/login", Credentials(name));
  EXPECT_EQ(login.status(), 302);
  EXPECT_EQ(login.header("Location"), "/chat");
  EXPECT_FALSE(second.session_cookie().empty());
}

TEST_F(FormEndpointsTest, RegisterOfTakenNameConflicts) {
  std::string name = UniqueName("taken");
  WebClient client = NewClient();
  ASSERT_EQ(client.PostForm("/register", Credentials(name)).status(), 302);
  EXPECT_EQ(NewClient().PostForm("/register", Credentials(name)).status(), 409);
}

TEST_F(FormEndpointsTest, MissingFieldsAreBadRequests) {
  WebClient client = NewClient();
  EXPECT_EQ(client.PostForm("/login", "username=only").status(), 400);
  EXPECT_EQ(client.Request(http::verb::post, "/login", "{}", "application/json", {}).status(), 400);
}

TEST_F(FormEndpointsTest, SendAndHistory) {
  WebClient client = NewClient();
  std::string name = UniqueName("sender");
  ASSERT_EQ(client.PostForm("/register", Credentials(name)).status(), 302);

  // Enough messages that /history must cut to the newest 50.
  for (int i = 0; i < 55; ++i) {
    HttpReply sent = client.PostForm("/send", "message=" + name + "+says+" + std::to_string(i));
    ASSERT_EQ(sent.status(), 204) << sent.body();
    EXPECT_TRUE(sent.body().empty());
  }
  HttpReply html = client.PostForm("/send", "message=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(html.status(), 204);

  HttpReply history = client.Get("/history");
  ASSERT_EQ(history.status(), 200);
  EXPECT_EQ(history.header("Content-Type"), "application/json");
  nlohmann::json messages = history.json();
  ASSERT_TRUE(messages.is_array());
  ASSERT_EQ(messages.size(), 50u);
  for (const auto& message : messages) {
    EXPECT_EQ(message.size(), 2u) << message.dump();
    EXPECT_TRUE(message.contains("sender"));
    EXPECT_TRUE(message.contains("content"));
  }
  // Oldest first; the newest is last.
  EXPECT_EQ(messages[48]["content"], name + " says 54");
  EXPECT_EQ(messages[49]["sender"], name);
  EXPECT_EQ(messages[49]["content"], "<script>alert(1)</script>");
}

TEST_F(FormEndpointsTest, WrongMethodIsNotAllowed) {
  WebClient client = NewClient();
  const struct {
    http::verb method;
    const char* target;
    const char* allowed;
  } cases[] = {
      {http::verb::get, "/send", "POST"},       {http::verb::put, "/send", "POST"},
      {http::verb::post, "/history", "GET"},    {http::verb::delete_, "/register", "POST"},
      {http::verb::get, "/login", "POST"},      {http::verb::post, "/logout", "GET"},
  };
  for (const auto& c : cases) {
    HttpReply reply = client.Request(c.method, c.target, "", "", {});
    EXPECT_EQ(reply.status(), 405) << c.target;
    EXPECT_EQ(reply.header("Allow"), c.allowed) << c.target;
  }
}

TEST_F(FormEndpointsTest, SendWithoutSessionIsUnauthorized) {
  WebClient client = NewClient();
  EXPECT_EQ(client.PostForm("/send", "message=hi").status(), 401);
  EXPECT_EQ(client.Get("/history").status(), 401);
}

TEST_F(FormEndpointsTest, SendChecksOriginAndReferer) {
  WebClient client = NewClient();
  ASSERT_EQ(client.PostForm("/register", Credentials(UniqueName("origin"))).status(), 302);

  EXPECT_EQ(client.PostForm("/send", "message=x", {{"Origin", "http://evil.example"}}).status(),
            403);
  EXPECT_EQ(client.PostForm("/send", "message=x", {{"Referer", "http://evil.example/a"}}).status(),
            403);
  EXPECT_EQ(client.PostForm("/send", "message=x", {{"Origin", "null"}}).status(), 403);
  EXPECT_EQ(client.PostForm("/send", "message=x", {{"Origin", client.origin()}}).status(), 204);
  EXPECT_EQ(client.PostForm("/send", "message=x", {{"Referer", client.origin() + "/chat"}}).status(),
            204);
  EXPECT_EQ(client.PostForm("/send", "message=x").status(), 204);
  EXPECT_EQ(client.PostForm("/login", Credentials("whoever"),
                            {{"Origin", "http://evil.example"}}).status(), 403);
}

TEST_F(FormEndpointsTest, LogoutClearsSessionAndRedirectsHome) {
  WebClient client = NewClient();
  ASSERT_EQ(client.PostForm("/register", Credentials(UniqueName("bye"))).status(), 302);
  std::string old_cookie = client.session_cookie();

  HttpReply logout = client.Get("/logout");
  EXPECT_EQ(logout.status(), 302);
  EXPECT_EQ(logout.header("Location"), "/");
  EXPECT_NE(logout.header("Set-Cookie").find("Max-Age=0"), std::string::npos);

  // The old id is dead on the server too, not only in this browser.
  client.set_session_cookie(old_cookie);
  EXPECT_EQ(client.PostForm("/send", "message=late").status(), 401);
}

}  // namespace
}  // namespace dchat::ui::testing
