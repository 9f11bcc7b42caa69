// The send time stamp that dchat-load puts at the start of each message
// text, so that a follower on the same machine can compute how long the
// message took to reach it.
#ifndef DCHAT_BENCH_LOAD_MESSAGE_STAMP_H_
#define DCHAT_BENCH_LOAD_MESSAGE_STAMP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dchat::load {

// "t=" and 16 decimal digits of microseconds since the Unix epoch, then
// ";". Sixteen digits last until the year 2286.
inline constexpr size_t kStampBytes = 19;

// A message text of `bytes` bytes (at least kStampBytes) that starts with
// the stamp of `sent_at_us` and is padded with ASCII letters.
std::string StampedText(int64_t sent_at_us, size_t bytes);

// The stamp at the start of `text`; nullopt when there is none.
std::optional<int64_t> ReadStamp(std::string_view text);

// Microseconds since the Unix epoch, by the system clock, which followers
// and senders in one process, or on one machine, share.
int64_t WallMicros();

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_MESSAGE_STAMP_H_
