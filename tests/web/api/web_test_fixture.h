// The fixture of the dchat-ui tests: one UiStack for the whole suite (the
// servers take a while to start), and fresh user names per test.
#ifndef DCHAT_TESTS_WEB_API_WEB_TEST_FIXTURE_H_
#define DCHAT_TESTS_WEB_API_WEB_TEST_FIXTURE_H_

#include <unistd.h>

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "api/ui_stack.h"
#include "api/web_client.h"

namespace dchat::ui::testing {

class WebUiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new UiStack();
    Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
  }

  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(stack_, nullptr);
    ASSERT_FALSE(stack_->ui_address().empty()) << "the servers did not start";
  }

  WebClient NewClient() const { return WebClient(stack_->ui_address()); }

  // A user name no other test uses, within the 32-character limit.
  static std::string UniqueName(const std::string& prefix) {
    static int counter = 0;
    return prefix + "_" + std::to_string(getpid() % 100000) + "_" + std::to_string(++counter);
  }

  // A signed-in client of a new user.
  WebClient SignedInClient(const std::string& prefix) const {
    WebClient client = NewClient();
    Status signed_up = client.SignUp(UniqueName(prefix), "correct horse battery");
    EXPECT_TRUE(signed_up.ok()) << signed_up.ToString();
    return client;
  }

  static inline UiStack* stack_ = nullptr;
};

}  // namespace dchat::ui::testing

#endif  // DCHAT_TESTS_WEB_API_WEB_TEST_FIXTURE_H_
