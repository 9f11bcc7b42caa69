#include "load/message_stamp.h"

#include <chrono>
#include <cstdio>

namespace dchat::load {

std::string StampedText(int64_t sent_at_us, size_t bytes) {
  char stamp[kStampBytes + 1];
  std::snprintf(stamp, sizeof(stamp), "t=%016lld;", static_cast<long long>(sent_at_us));
  std::string text(stamp, kStampBytes);
  if (bytes > text.size()) text.append(bytes - text.size(), 'x');
  return text;
}

std::optional<int64_t> ReadStamp(std::string_view text) {
  if (text.size() < kStampBytes || text[0] != 't' || text[1] != '=' ||
      text[kStampBytes - 1] != ';') {
    return std::nullopt;
  }
  int64_t value = 0;
  for (size_t i = 2; i < kStampBytes - 1; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

int64_t WallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace dchat::load
