#include "internal/validation.h"

#include <ctime>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace dchat::internal {
namespace {

using std::string_literals::operator""s;

// U+1F600 GRINNING FACE, four bytes in UTF-8.
constexpr std::string_view kEmoji = "\xF0\x9F\x98\x80";

std::string Repeat(std::string_view text, size_t times) {
  std::string result;
  for (size_t i = 0; i < times; ++i) result += text;
  return result;
}

void ExpectInvalid(const Status& status, std::string_view fragment) {
  EXPECT_EQ(status.code(), Code::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find(fragment), std::string::npos)
      << "expected \"" << fragment << "\" in: " << status.message();
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  const std::string valid[] = {
      "",
      "plain ASCII",
      "\0 inside"s,             // U+0000 is a valid code point
      "caf\xC3\xA9",            // U+00E9, two bytes
      "\xE2\x82\xAC",           // U+20AC, three bytes
      std::string(kEmoji),      // four bytes
      "\xED\x9F\xBF",           // U+D7FF, just below the surrogates
      "\xEE\x80\x80",           // U+E000, just above the surrogates
      "\xF4\x8F\xBF\xBF",       // U+10FFFF, the last code point
      "\xC2\x80",               // U+0080, the smallest two-byte value
      "\xE0\xA0\x80",           // U+0800, the smallest three-byte value
      "\xF0\x90\x80\x80",       // U+10000, the smallest four-byte value
  };
  for (const std::string& text : valid) {
    EXPECT_TRUE(IsValidUtf8(text)) << QuoteValue(text);
  }
}

TEST(IsValidUtf8Test, RejectsMalformedText) {
  const std::string invalid[] = {
      "\x80",                  // lone continuation byte
      "ab\xBF" "cd",           // continuation byte inside ASCII
      "\xC0\xAF",              // overlong '/'
      "\xC1\xBF",              // overlong two-byte sequence
      "\xE0\x80\xAF",          // overlong three-byte sequence
      "\xF0\x80\x80\xAF",      // overlong four-byte sequence
      "\xED\xA0\x80",          // U+D800, a surrogate
      "\xED\xBF\xBF",          // U+DFFF, a surrogate
      "\xC3",                  // truncated two-byte sequence
      "\xE2\x82",              // truncated three-byte sequence
      "\xF0\x9F\x98",          // truncated four-byte sequence
      "\xE2\x82x",             // continuation replaced by ASCII
      "\xF4\x90\x80\x80",      // U+110000, beyond the last code point
      "\xF5\x80\x80\x80",      // lead byte beyond U+10FFFF
      "\xFE",
      "\xFF",
  };
  for (const std::string& text : invalid) {
    EXPECT_FALSE(IsValidUtf8(text)) << QuoteValue(text);
  }
}

TEST(CountCodePointsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("caf\xC3\xA9"), 4u);
  EXPECT_EQ(CountCodePoints(Repeat(kEmoji, 5)), 5u);
}

TEST(TrimWhitespaceTest, TrimsAsciiWhitespace) {
  EXPECT_EQ(TrimWhitespace("  a b \t\r\n"), "a b");
  EXPECT_EQ(TrimWhitespace("\va\f"), "a");
  EXPECT_EQ(TrimWhitespace("none"), "none");
  EXPECT_EQ(TrimWhitespace(""), "");
  EXPECT_EQ(TrimWhitespace(" \t\n "), "");
}

TEST(TrimWhitespaceTest, TrimsUnicodeSpaces) {
  // U+00A0 NO-BREAK SPACE, U+3000 IDEOGRAPHIC SPACE, U+2003 EM SPACE,
  // U+0085 NEXT LINE and U+2028 LINE SEPARATOR.
  EXPECT_EQ(TrimWhitespace("\xC2\xA0x\xE3\x80\x80"), "x");
  EXPECT_EQ(TrimWhitespace("\xE2\x80\x83 x y\xE2\x80\x83"), "x y");
  EXPECT_EQ(TrimWhitespace("\xC2\x85\xE2\x80\xA8"), "");
  // Spaces inside the text stay.
  EXPECT_EQ(TrimWhitespace("a\xC2\xA0" "b"), "a\xC2\xA0" "b");
}

TEST(TrimWhitespaceTest, KeepsOtherCharactersAndInvalidBytes) {
  // U+200B ZERO WIDTH SPACE is not White_Space.
  EXPECT_EQ(TrimWhitespace("\xE2\x80\x8B"), "\xE2\x80\x8B");
  EXPECT_EQ(TrimWhitespace(" \xA0 "), "\xA0");
  EXPECT_EQ(TrimWhitespace(" \xC2 "), "\xC2");
  EXPECT_EQ(TrimWhitespace(std::string(kEmoji) + " "), kEmoji);
}

TEST(QuoteValueTest, EscapesUnsafeCharacters) {
  EXPECT_EQ(QuoteValue("plain"), "\"plain\"");
  EXPECT_EQ(QuoteValue(""), "\"\"");
  EXPECT_EQ(QuoteValue("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(QuoteValue("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
  EXPECT_EQ(QuoteValue("bell\x07"), "\"bell\\x07\"");
  EXPECT_EQ(QuoteValue("\0"s), "\"\\x00\"");
  EXPECT_EQ(QuoteValue("bad\xFF"), "\"bad\\xFF\"");
  EXPECT_EQ(QuoteValue("\xC0\xAF"), "\"\\xC0\\xAF\"");
  // U+0085 (a C1 control) and U+202E RIGHT-TO-LEFT OVERRIDE.
  EXPECT_EQ(QuoteValue("\xC2\x85"), "\"\\u0085\"");
  EXPECT_EQ(QuoteValue("a\xE2\x80\xAE" "b"), "\"a\\u202Eb\"");
  // Printable non-ASCII text stays readable.
  EXPECT_EQ(QuoteValue("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
}

TEST(QuoteValueTest, CutsLongValues) {
  const std::string long_value(100, 'x');
  EXPECT_EQ(QuoteValue(long_value), "\"" + std::string(40, 'x') + "...\"");
  EXPECT_EQ(QuoteValue(std::string(40, 'x')),
            "\"" + std::string(40, 'x') + "\"");
  // The cut falls between code points, never inside one.
  EXPECT_EQ(QuoteValue(Repeat(kEmoji, 41)),
            "\"" + Repeat(kEmoji, 40) + "...\"");
}

TEST(ValidateUsernameTest, AcceptsAllowedNames) {
  for (const std::string& name :
       {"abc"s, "Alice"s, "a.b_c-9"s, "A1-"s, std::string(32, 'z')}) {
    EXPECT_TRUE(ValidateUsername(name).ok()) << name;
  }
}

TEST(ValidateUsernameTest, RejectsWithFieldValueAndRule) {
  EXPECT_EQ(ValidateUsername("ab").message(),
            "username \"ab\" is invalid: use 3 to 32 letters, digits, '.', "
            "'_' or '-'");
  ExpectInvalid(ValidateUsername(""), "username is missing");
  ExpectInvalid(ValidateUsername(std::string(33, 'z')), "3 to 32");
  ExpectInvalid(ValidateUsername("a b"), "\"a b\"");
  ExpectInvalid(ValidateUsername("al\xC3\xA9"), "username");
  ExpectInvalid(ValidateUsername("a/b"), "\"a/b\"");
  ExpectInvalid(ValidateUsername("ab\x01"), "\"ab\\x01\"");
}

TEST(ValidatePasswordTest, AcceptsEightTo1024Bytes) {
  EXPECT_TRUE(ValidatePassword("12345678").ok());
  EXPECT_TRUE(ValidatePassword(std::string(1024, 'p')).ok());
  EXPECT_TRUE(ValidatePassword("p\xC3\xA4ssw\xC3\xB6rd").ok());
}

TEST(ValidatePasswordTest, RejectsWithoutShowingPassword) {
  const Status short_password = ValidatePassword("secret7");
  ExpectInvalid(short_password, "too short (7 bytes)");
  EXPECT_EQ(short_password.message().find("secret7"), std::string::npos);

  ExpectInvalid(ValidatePassword(""), "password is missing");
  ExpectInvalid(ValidatePassword(std::string(1025, 'p')),
                "too long (1025 bytes)");

  const Status invalid = ValidatePassword("secret\xFFsecret");
  ExpectInvalid(invalid, "not valid UTF-8");
  EXPECT_EQ(invalid.message().find("secret"), std::string::npos);
}

TEST(ValidateDisplayNameTest, AcceptsOneTo64Characters) {
  EXPECT_TRUE(ValidateDisplayName("A").ok());
  EXPECT_TRUE(ValidateDisplayName("Zo\xC3\xAB Smith").ok());
  // 64 characters of 4 bytes each.
  EXPECT_TRUE(ValidateDisplayName(Repeat(kEmoji, 64)).ok());
}

TEST(ValidateDisplayNameTest, RejectsWithFieldValueAndRule) {
  ExpectInvalid(ValidateDisplayName(""), "display name is missing");
  ExpectInvalid(ValidateDisplayName(Repeat(kEmoji, 65)),
                "too long (65 characters)");
  ExpectInvalid(ValidateDisplayName("bad\xFF"), "\"bad\\xFF\" is not valid UTF-8");
  ExpectInvalid(ValidateDisplayName("ring\x07"), "control character");
  ExpectInvalid(ValidateDisplayName("a\xC2\x85" "b"), "control character");
  ExpectInvalid(ValidateDisplayName("two\nlines"), "control character");
  ExpectInvalid(ValidateDisplayName("   "), "only white space");
  ExpectInvalid(ValidateDisplayName("\xC2\xA0"), "only white space");
}

TEST(ValidateRoomNameTest, AcceptsTwoTo64NameCharacters) {
  for (const std::string& name :
       {"ab"s, "general"s, "Team.Chat_2-x"s, std::string(64, 'r')}) {
    EXPECT_TRUE(ValidateRoomName(name).ok()) << name;
  }
}

TEST(ValidateRoomNameTest, RejectsWithFieldValueAndRule) {
  EXPECT_EQ(ValidateRoomName("a").message(),
            "room name \"a\" is invalid: use 2 to 64 letters, digits, '.', "
            "'_' or '-'");
  ExpectInvalid(ValidateRoomName(""), "room name is missing");
  ExpectInvalid(ValidateRoomName(std::string(65, 'r')), "2 to 64");
  ExpectInvalid(ValidateRoomName("my room"), "\"my room\"");
  ExpectInvalid(ValidateRoomName("r#1"), "\"r#1\"");
}

TEST(ValidateTopicTest, AcceptsUpTo256Characters) {
  EXPECT_TRUE(ValidateTopic("").ok());
  EXPECT_TRUE(ValidateTopic("Talk about caf\xC3\xA9s").ok());
  EXPECT_TRUE(ValidateTopic(Repeat(kEmoji, 256)).ok());
}

TEST(ValidateTopicTest, RejectsWithFieldValueAndRule) {
  ExpectInvalid(ValidateTopic(std::string(257, 't')),
                "too long (257 characters): use at most 256 characters");
  ExpectInvalid(ValidateTopic("half \xE2\x82"), "not valid UTF-8");
  ExpectInvalid(ValidateTopic("a\nb"), "topic \"a\\nb\" contains a control");
  ExpectInvalid(ValidateTopic("\x1B[31mred"), "control character");
}

TEST(ValidateMessageTextTest, AcceptsTextUpToMaxBytes) {
  EXPECT_TRUE(ValidateMessageText("hi", 4096).ok());
  EXPECT_TRUE(ValidateMessageText("line 1\nline 2\ttab", 4096).ok());
  EXPECT_TRUE(ValidateMessageText(std::string(4096, 'm'), 4096).ok());
  EXPECT_TRUE(ValidateMessageText("  padded  ", 4096).ok());
  EXPECT_TRUE(ValidateMessageText(kEmoji, 4).ok());
}

TEST(ValidateMessageTextTest, RejectsWithoutShowingText) {
  const Status too_long = ValidateMessageText(std::string(4097, 'm'), 4096);
  ExpectInvalid(too_long, "too long (4097 bytes): use at most 4096 bytes");
  EXPECT_EQ(too_long.message().find("mmm"), std::string::npos);

  ExpectInvalid(ValidateMessageText(kEmoji, 3), "use at most 3 bytes");
  ExpectInvalid(ValidateMessageText("", 4096), "message text is empty");
  ExpectInvalid(ValidateMessageText(" \n\t ", 4096), "message text is empty");
  ExpectInvalid(ValidateMessageText("\xE3\x80\x80", 4096),
                "message text is empty");

  const Status invalid = ValidateMessageText("secret \xC0\xAF", 4096);
  ExpectInvalid(invalid, "not valid UTF-8: the byte at offset 7 is invalid");
  EXPECT_EQ(invalid.message().find("secret"), std::string::npos);
}

TEST(ValidateIdempotencyKeyTest, AcceptsPrintableAsciiUpTo128Bytes) {
  EXPECT_TRUE(ValidateIdempotencyKey("").ok());
  EXPECT_TRUE(ValidateIdempotencyKey("3f2a-01 retry #2 ~").ok());
  EXPECT_TRUE(ValidateIdempotencyKey(std::string(128, 'k')).ok());
}

TEST(ValidateIdempotencyKeyTest, RejectsWithFieldValueAndRule) {
  ExpectInvalid(ValidateIdempotencyKey(std::string(129, 'k')),
                "too long (129 bytes)");
  ExpectInvalid(ValidateIdempotencyKey("tab\there"),
                "idempotency key \"tab\\there\" is invalid");
  ExpectInvalid(ValidateIdempotencyKey("caf\xC3\xA9"), "printable ASCII");
  ExpectInvalid(ValidateIdempotencyKey("del\x7F"), "printable ASCII");
}

TEST(FoldCaseTest, LowersAsciiLettersOnly) {
  EXPECT_EQ(FoldCase("AbC.d-E_9"), "abc.d-e_9");
  EXPECT_EQ(FoldCase("already lower"), "already lower");
  EXPECT_EQ(FoldCase("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
  EXPECT_EQ(FoldCase(""), "");
}

TEST(NowMicrosTest, ReturnsSystemTimeInMicroseconds) {
  const int64_t before = static_cast<int64_t>(std::time(nullptr));
  const int64_t now = NowMicros();
  const int64_t after = static_cast<int64_t>(std::time(nullptr));

  EXPECT_GE(now, before * 1'000'000);
  EXPECT_LT(now, (after + 1) * 1'000'000);
}

}  // namespace
}  // namespace dchat::internal
