#include "ui/http_util.h"

#include <gtest/gtest.h>

namespace dchat::ui {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("%3Cscript%3E", true), "<script>");
  EXPECT_EQ(PercentDecode("%e2%82%ac", true), "\xe2\x82\xac");
}

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%", true), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", true), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", true), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%", true), std::nullopt);
}

TEST(ParseFormEncodedTest, ParsesFields) {
  auto form = ParseFormEncoded("username=alice&password=p%26ss+word&empty=&flag");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->at("username"), "alice");
  EXPECT_EQ(form->at("password"), "p&ss word");
  EXPECT_EQ(form->at("empty"), "");
  EXPECT_EQ(form->at("flag"), "");
}

TEST(ParseFormEncodedTest, FirstOfRepeatedNameWins) {
  auto form = ParseFormEncoded("message=one&message=two");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->at("message"), "one");
}

TEST(ParseFormEncodedTest, SkipsEmptyPairsAndRejectsBadEscapes) {
  auto form = ParseFormEncoded("&&a=1&&");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->size(), 1u);
  EXPECT_EQ(ParseFormEncoded("a=%G1"), std::nullopt);
}

TEST(SplitTargetTest, SplitsPathAndQuery) {
  Target with_query = SplitTarget("/api/rooms?scope=joined");
  EXPECT_EQ(with_query.path, "/api/rooms");
  EXPECT_EQ(with_query.query, "scope=joined");
  Target without = SplitTarget("/chat");
  EXPECT_EQ(without.path, "/chat");
  EXPECT_EQ(without.query, "");
}

TEST(SplitPathTest, DecodesSegments) {
  auto segments = SplitPath("/api/rooms/dev%2Dtalk//join/");
  ASSERT_TRUE(segments.has_value());
  EXPECT_EQ(*segments, (std::vector<std::string>{"api", "rooms", "dev-talk", "join"}));
  EXPECT_EQ(SplitPath("/api/%zz"), std::nullopt);
}

TEST(SplitPathTest, KeepsPlusLiteral) {
  auto segments = SplitPath("/a+b");
  ASSERT_TRUE(segments.has_value());
  EXPECT_EQ(segments->at(0), "a+b");
}

TEST(FindCookieTest, FindsNamedCookie) {
  EXPECT_EQ(FindCookie("a=1; dchat_session=abc; b=2", "dchat_session"), "abc");
  EXPECT_EQ(FindCookie("dchat_session=\"quoted\"", "dchat_session"), "quoted");
  EXPECT_EQ(FindCookie("  dchat_session = spaced ;", "dchat_session"), "spaced");
}

TEST(FindCookieTest, MissingOrPrefixNameIsAbsent) {
  EXPECT_EQ(FindCookie("", "dchat_session"), std::nullopt);
  EXPECT_EQ(FindCookie("x_dchat_session=1; dchat_sessionx=2", "dchat_session"), std::nullopt);
  EXPECT_EQ(FindCookie("dchat_session", "dchat_session"), std::nullopt);
}

TEST(SessionCookieTest, HasSecurityAttributes) {
  std::string cookie = SessionCookie("dchat_session", "abc", false);
  EXPECT_EQ(cookie, "dchat_session=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(SessionCookie("dchat_session", "abc", true),
            "dchat_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
}

TEST(SessionCookieTest, ExpiredCookieDeletes) {
  EXPECT_EQ(ExpiredSessionCookie("dchat_session", false),
            "dchat_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(NormalizeOriginTest, ReducesUrlsToOrigins) {
  EXPECT_EQ(NormalizeOrigin("http://127.0.0.1:5000"), "http://127.0.0.1:5000");
  EXPECT_EQ(NormalizeOrigin("HTTP://Chat.Example.COM/"), "http://chat.example.com");
  EXPECT_EQ(NormalizeOrigin("https://chat.example.com:443/path?q#f"), "https://chat.example.com");
  EXPECT_EQ(NormalizeOrigin("http://example.com:80"), "http://example.com");
  EXPECT_EQ(NormalizeOrigin("http://user:pw@example.com:8080/x"), "http://example.com:8080");
  EXPECT_EQ(NormalizeOrigin("http://[::1]:5000/chat"), "http://[::1]:5000");
}

TEST(NormalizeOriginTest, RejectsNonOrigins) {
  EXPECT_EQ(NormalizeOrigin("null"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin(""), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("file:///etc/passwd"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("javascript://x"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("http://"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("http://host:port"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("http://bad host"), std::nullopt);
}

TEST(IsValidHostHeaderTest, AcceptsHostsAndRejectsOthers) {
  EXPECT_TRUE(IsValidHostHeader("127.0.0.1:5000"));
  EXPECT_TRUE(IsValidHostHeader("[::1]:5000"));
  EXPECT_TRUE(IsValidHostHeader("chat.example.com"));
  EXPECT_FALSE(IsValidHostHeader(""));
  EXPECT_FALSE(IsValidHostHeader("a b"));
  EXPECT_FALSE(IsValidHostHeader("evil.com/"));
  EXPECT_FALSE(IsValidHostHeader("x\r\nSet-Cookie: a"));
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(ParseIntegerTest, AcceptsOnlyWholeIntegers) {
  EXPECT_EQ(ParseInteger("42"), 42);
  EXPECT_EQ(ParseInteger("-3"), -3);
  EXPECT_EQ(ParseInteger(""), std::nullopt);
  EXPECT_EQ(ParseInteger("4x"), std::nullopt);
  EXPECT_EQ(ParseInteger(" 4"), std::nullopt);
  EXPECT_EQ(ParseInteger("99999999999999999999"), std::nullopt);
}

}  // namespace
}  // namespace dchat::ui
