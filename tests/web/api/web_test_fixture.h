// The fixture of the dchat-ui tests: one UiStack per test suite (the
// servers take seconds to start), and fresh user names per test. When a
// suite fails, the end of the dchat-ui and gateway logs goes to stderr.
#ifndef DCHAT_TESTS_WEB_API_WEB_TEST_FIXTURE_H_
#define DCHAT_TESTS_WEB_API_WEB_TEST_FIXTURE_H_

#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "api/ui_stack.h"
#include "api/web_client.h"

namespace dchat::ui::testing {

class WebUiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartStack({}); }

  // Starts the servers, passing `ui_arguments` to dchat-ui. A suite that
  // needs other flags calls it from its own SetUpTestSuite().
  static void StartStack(std::vector<std::string> ui_arguments) {
    stack_ = new UiStack(std::move(ui_arguments));
    Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
  }

  static void TearDownTestSuite() {
    const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    if (stack_ != nullptr && suite != nullptr && suite->Failed()) PrintLogTails();
    delete stack_;
    stack_ = nullptr;
  }

  static void PrintLogTails() {
    constexpr size_t kTail = 6000;
    auto tail = [](const std::string& log) {
      return log.size() > kTail ? log.substr(log.size() - kTail) : log;
    };
    // The gateway exists whenever dchat-ui does, which starts last.
    if (stack_->ui() == nullptr) return;
    std::cerr << "--- end of the dchat-ui log ---\n" << tail(stack_->ui()->ReadLog())
              << "--- end of the gateway log ---\n"
              << tail(stack_->system().gateway().ReadLog());
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
