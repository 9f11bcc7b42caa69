// The page, its files, and the headers on every response.
#include <string>

#include <gtest/gtest.h>

#include "api/web_test_fixture.h"

namespace dchat::ui::testing {
namespace {

using PageTest = WebUiTest;

void ExpectSecurityHeaders(const HttpReply& reply, const std::string& what) {
  std::string policy = reply.header("Content-Security-Policy");
  EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << what << ": " << policy;
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << what;
  EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(reply.header("X-Frame-Options"), "DENY") << what;
  EXPECT_EQ(reply.header("Referrer-Policy"), "no-referrer") << what;
}

TEST_F(PageTest, ServesPageWithoutInlineScript) {
  WebClient client = NewClient();
  for (const char* path : {"/", "/chat"}) {
    HttpReply page = client.Get(path);
    ASSERT_EQ(page.status(), 200) << path;
    EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body().find("<script src=\"/static/app.js\""), std::string::npos);
    EXPECT_EQ(page.body().find("<script>"), std::string::npos) << "no inline script";
    EXPECT_EQ(page.body().find("onclick"), std::string::npos) << "no inline handlers";
    ExpectSecurityHeaders(page, path);
  }
}

TEST_F(PageTest, ServesAssetsWithTypesAndValidators) {
  WebClient client = NewClient();
  HttpReply script = client.Get("/static/app.js");
  ASSERT_EQ(script.status(), 200);
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body().find("innerHTML"), std::string::npos)
      << "the page must render text with textContent";
  ExpectSecurityHeaders(script, "app.js");

  std::string etag = script.header("ETag");
  ASSERT_FALSE(etag.empty());
  HttpReply cached = client.Get("/static/app.js", {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status(), 304);

  EXPECT_EQ(client.Get("/static/style.css").header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(client.Get("/static/icon.svg").header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(client.Get("/static/missing.js").status(), 404);
  EXPECT_EQ(client.Get("/static/../main.cc").status(), 404);
}

TEST_F(PageTest, EveryResponseCarriesSecurityHeaders) {
  WebClient client = NewClient();
  ExpectSecurityHeaders(client.Get("/nowhere"), "404");
  ExpectSecurityHeaders(client.Get("/api/me"), "401");
  ExpectSecurityHeaders(client.PostForm("/login", "username=x"), "form error");
  EXPECT_EQ(client.Get("/api/me").header("Cache-Control"), "no-store");
}

TEST_F(PageTest, RejectsOversizedBody) {
  WebClient client = NewClient();
  std::string big(100 * 1024, 'a');
  HttpReply reply = client.PostForm("/send", "message=" + big);
  EXPECT_EQ(reply.status(), 413);
}

TEST_F(PageTest, RejectsOversizedHeader) {
  WebClient client = NewClient();
  HttpReply reply = client.Get("/", {{"X-Padding", std::string(16 * 1024, 'a')}});
  EXPECT_EQ(reply.status(), 431);
}

}  // namespace
}  // namespace dchat::ui::testing
