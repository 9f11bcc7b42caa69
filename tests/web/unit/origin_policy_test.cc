#include "ui/origin_policy.h"

#include <gtest/gtest.h>

namespace dchat::ui {
namespace {

TEST(OriginPolicyTest, DefaultAllowsOnlyThePagesOwnOrigin) {
  Result<OriginPolicy> policy = OriginPolicy::Create({}, /*secure=*/false);
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE(policy->Allows("http://127.0.0.1:5000", "127.0.0.1:5000"));
  EXPECT_TRUE(policy->Allows("http://localhost:5000/", "LOCALHOST:5000"));
  EXPECT_FALSE(policy->Allows("http://evil.example", "127.0.0.1:5000"));
  EXPECT_FALSE(policy->Allows("http://127.0.0.1:5001", "127.0.0.1:5000"));
  EXPECT_FALSE(policy->Allows("https://127.0.0.1:5000", "127.0.0.1:5000"));
  EXPECT_FALSE(policy->Allows("null", "127.0.0.1:5000"));
  EXPECT_FALSE(policy->Allows("", "127.0.0.1:5000"));
}

TEST(OriginPolicyTest, SecureDefaultExpectsHttps) {
  Result<OriginPolicy> policy = OriginPolicy::Create({}, /*secure=*/true);
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE(policy->Allows("https://chat.example.com", "chat.example.com"));
  EXPECT_FALSE(policy->Allows("http://chat.example.com", "chat.example.com"));
}

TEST(OriginPolicyTest, DefaultRejectsInvalidHostHeader) {
  Result<OriginPolicy> policy = OriginPolicy::Create({}, false);
  ASSERT_TRUE(policy.ok());
  EXPECT_FALSE(policy->Allows("http://a", ""));
  EXPECT_FALSE(policy->Allows("http://a b", "a b"));
}

TEST(OriginPolicyTest, ExplicitListReplacesDefault) {
  Result<OriginPolicy> policy =
      OriginPolicy::Create({"https://Chat.Example.com", "http://127.0.0.1:8000"}, false);
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE(policy->Allows("https://chat.example.com", "whatever:1"));
  EXPECT_TRUE(policy->Allows("http://127.0.0.1:8000", "127.0.0.1:5000"));
  EXPECT_FALSE(policy->Allows("http://127.0.0.1:5000", "127.0.0.1:5000"));
}

TEST(OriginPolicyTest, RejectsInvalidConfiguredOrigins) {
  for (const char* bad : {"chat.example.com", "https://chat.example.com/app", "ftp://x", "null"}) {
    Result<OriginPolicy> policy = OriginPolicy::Create({bad}, false);
    EXPECT_FALSE(policy.ok()) << bad;
    if (!policy.ok()) EXPECT_EQ(policy.status().code(), Code::kInvalidArgument);
  }
}

TEST(OriginPolicyTest, FormRequestsCheckOriginThenReferer) {
  Result<OriginPolicy> policy = OriginPolicy::Create({}, false);
  ASSERT_TRUE(policy.ok());
  const char* host = "127.0.0.1:5000";
  EXPECT_TRUE(policy->AllowsFormRequest("", "", host));
  EXPECT_TRUE(policy->AllowsFormRequest("http://127.0.0.1:5000", "", host));
  EXPECT_TRUE(policy->AllowsFormRequest("", "http://127.0.0.1:5000/chat", host));
  EXPECT_FALSE(policy->AllowsFormRequest("http://evil.example", "", host));
  EXPECT_FALSE(policy->AllowsFormRequest("", "http://evil.example/page", host));
  EXPECT_FALSE(policy->AllowsFormRequest("null", "", host));
  // Origin decides when both are present.
  EXPECT_FALSE(policy->AllowsFormRequest("http://evil.example", "http://127.0.0.1:5000/", host));
}

}  // namespace
}  // namespace dchat::ui
