#include "ui/session_store.h"

#include <gtest/gtest.h>

namespace dchat::ui {
namespace {

using Clock = UiSession::Clock;
using std::chrono::seconds;

std::shared_ptr<UiSession> NewSession(const std::string& id, Clock::time_point now) {
  v1::User user;
  user.set_user_id("user-" + id);
  // The store never calls the client, so none is needed here.
  return std::make_shared<UiSession>(id, "csrf-" + id, user, nullptr, now);
}

TEST(SessionStoreTest, FindsAddedSession) {
  SessionStore store(seconds(60), 10);
  Clock::time_point now = Clock::now();
  ASSERT_TRUE(store.Add(NewSession("a", now)).ok());
  std::shared_ptr<UiSession> found = store.Find("a", now);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->csrf_token(), "csrf-a");
  EXPECT_EQ(store.Find("b", now), nullptr);
}

TEST(SessionStoreTest, IdleSessionExpires) {
  SessionStore store(seconds(60), 10);
  Clock::time_point start = Clock::now();
  ASSERT_TRUE(store.Add(NewSession("a", start)).ok());

  // A use restarts the idle time.
  EXPECT_NE(store.Find("a", start + seconds(50)), nullptr);
  EXPECT_NE(store.Find("a", start + seconds(100)), nullptr);
  EXPECT_EQ(store.Find("a", start + seconds(200)), nullptr);

  std::vector<std::shared_ptr<UiSession>> expired = store.RemoveExpired(start + seconds(200));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0]->id(), "a");
  EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStoreTest, RejectsWhenFull) {
  SessionStore store(seconds(60), 2);
  Clock::time_point now = Clock::now();
  ASSERT_TRUE(store.Add(NewSession("a", now)).ok());
  ASSERT_TRUE(store.Add(NewSession("b", now)).ok());
  Status full = store.Add(NewSession("c", now));
  EXPECT_EQ(full.code(), Code::kResourceExhausted);
}

TEST(SessionStoreTest, RejectsDuplicateId) {
  SessionStore store(seconds(60), 10);
  Clock::time_point now = Clock::now();
  ASSERT_TRUE(store.Add(NewSession("a", now)).ok());
  EXPECT_EQ(store.Add(NewSession("a", now)).code(), Code::kAlreadyExists);
}

TEST(SessionStoreTest, RemoveReturnsSession) {
  SessionStore store(seconds(60), 10);
  Clock::time_point now = Clock::now();
  ASSERT_TRUE(store.Add(NewSession("a", now)).ok());
  EXPECT_NE(store.Remove("a"), nullptr);
  EXPECT_EQ(store.Remove("a"), nullptr);
  EXPECT_EQ(store.Find("a", now), nullptr);
}

}  // namespace
}  // namespace dchat::ui
