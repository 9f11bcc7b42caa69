#include "ui/connection_limiter.h"

#include <optional>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace dchat::ui {
namespace {

TEST(ConnectionLimiterTest, AcquiresUpToMaximum) {
  ConnectionLimiter limiter(2);
  std::optional<ConnectionLimiter::Slot> first = limiter.TryAcquire();
  std::optional<ConnectionLimiter::Slot> second = limiter.TryAcquire();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(limiter.open(), 2u);
  EXPECT_FALSE(limiter.TryAcquire().has_value());
  EXPECT_EQ(limiter.open(), 2u);
}

TEST(ConnectionLimiterTest, DestroyedSlotFreesPlace) {
  ConnectionLimiter limiter(1);
  {
    std::optional<ConnectionLimiter::Slot> slot = limiter.TryAcquire();
    ASSERT_TRUE(slot.has_value());
    EXPECT_FALSE(limiter.TryAcquire().has_value());
  }
  EXPECT_EQ(limiter.open(), 0u);
  EXPECT_TRUE(limiter.TryAcquire().has_value());
}

TEST(ConnectionLimiterTest, MovedSlotCountsOnce) {
  ConnectionLimiter limiter(3);
  std::optional<ConnectionLimiter::Slot> slot = limiter.TryAcquire();
  ASSERT_TRUE(slot.has_value());

  // The HTTP session hands its slot to the WebSocket session.
  ConnectionLimiter::Slot moved(std::move(*slot));
  slot.reset();
  EXPECT_EQ(limiter.open(), 1u);

  std::optional<ConnectionLimiter::Slot> other = limiter.TryAcquire();
  ASSERT_TRUE(other.has_value());
  moved = std::move(*other);
  other.reset();
  EXPECT_EQ(limiter.open(), 1u);
}

TEST(ConnectionLimiterTest, SlotMayOutliveLimiter) {
  std::optional<ConnectionLimiter::Slot> slot;
  {
    ConnectionLimiter limiter(1);
    slot = limiter.TryAcquire();
    ASSERT_TRUE(slot.has_value());
  }
  slot.reset();  // Must not touch freed memory; ASan would report it.
}

}  // namespace
}  // namespace dchat::ui
