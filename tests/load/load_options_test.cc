#include "load/load_options.h"

#include <gtest/gtest.h>

#include "load/message_stamp.h"

namespace dchat::load {
namespace {

using namespace std::chrono_literals;

TEST(LoadOptionsTest, DefaultsAreValid) { EXPECT_TRUE(ValidateOptions(LoadOptions()).ok()); }

TEST(LoadOptionsTest, LoopbackTargetsAreAccepted) {
  for (const char* target : {"127.0.0.1:8080", "127.1.2.3:1", "localhost:8080", "[::1]:8080",
                             "ipv4:127.0.0.1:8080", "ipv6:[::1]:8080", "unix:/tmp/dchat.sock",
                             "[::ffff:127.0.0.1]:8080"}) {
    EXPECT_TRUE(IsLoopbackTarget(target)) << target;
  }
}

TEST(LoadOptionsTest, RemoteTargetsAreRejected) {
  for (const char* target : {"10.0.0.1:8080", "192.168.1.5:80", "example.com:8080",
                             "[2001:db8::1]:8080", "0.0.0.0:8080", "dns:///chat.example:443"}) {
    EXPECT_FALSE(IsLoopbackTarget(target)) << target;
    LoadOptions options;
    options.gateway = target;
    Status status = ValidateOptions(options);
    EXPECT_EQ(status.code(), Code::kInvalidArgument) << target;
    EXPECT_NE(status.message().find("--allow-remote"), std::string::npos);
  }
}

TEST(LoadOptionsTest, AllowRemoteAcceptsRemoteTarget) {
  LoadOptions options;
  options.gateway = "10.0.0.1:8080";
  options.allow_remote = true;
  EXPECT_TRUE(ValidateOptions(options).ok());
}

TEST(LoadOptionsTest, OutOfRangeValuesAreRejected) {
  auto invalid = [](auto change) {
    LoadOptions options;
    change(options);
    return ValidateOptions(options).code() == Code::kInvalidArgument;
  };
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.clients = 0; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.rooms = 5, o.clients = 4; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.concurrency = 0; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.rate = -1; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.followers = -1; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.message_bytes = kStampBytes - 1; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.messages = -1; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.duration = 0ms; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.duration = kHardCap + 1s; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.page_size = 0; }));
  EXPECT_TRUE(invalid([](LoadOptions& o) { o.idle_streams = -1; }));
}

TEST(LoadOptionsTest, DurationUpToHardCapIsAccepted) {
  LoadOptions options;
  options.duration = kHardCap;
  EXPECT_TRUE(ValidateOptions(options).ok());
}

TEST(LoadOptionsTest, ServerPidIsParsed) {
  Result<ServerPid> server = ParseServerPid("gateway=1234");
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server->name, "gateway");
  EXPECT_EQ(server->pid, 1234);

  for (const char* bad : {"gateway", "=12", "gateway=", "gateway=12x", "gateway=-3"}) {
    EXPECT_FALSE(ParseServerPid(bad).ok()) << bad;
  }
}

TEST(MessageStampTest, StampRoundTrips) {
  const std::string text = StampedText(1733350000123456, 40);
  EXPECT_EQ(text.size(), 40u);
  EXPECT_EQ(text.substr(0, kStampBytes), "t=1733350000123456;");
  std::optional<int64_t> stamp = ReadStamp(text);
  ASSERT_TRUE(stamp.has_value());
  EXPECT_EQ(*stamp, 1733350000123456);
}

TEST(MessageStampTest, TextWithoutStampHasNone) {
  EXPECT_FALSE(ReadStamp("hello, world, this is a chat line").has_value());
  EXPECT_FALSE(ReadStamp("t=12;").has_value());
  EXPECT_FALSE(ReadStamp("t=17333500001234x6;yyyy").has_value());
}

}  // namespace
}  // namespace dchat::load
