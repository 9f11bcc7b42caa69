// Input checks shared by the services, and the small text helpers they use.
//
// Services run these checks on every request field before anything reaches
// a store. Each Validate* function returns OK or INVALID_ARGUMENT with a
// message that names the field, shows the rejected value (escaped and cut
// short, see QuoteValue) and states the rule, for example:
//
//   username "ab" is invalid: use 3 to 32 letters, digits, '.', '_' or '-'
//
// The messages of ValidatePassword and ValidateMessageText never contain
// the value, because passwords are secret and message text must not reach
// logs. All functions are thread-safe.
#ifndef DCHAT_INTERNAL_VALIDATION_H_
#define DCHAT_INTERNAL_VALIDATION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dchat/status.h"

namespace dchat::internal {

// Field limits. Lengths in "characters" count Unicode code points.
inline constexpr size_t kMinUsernameLength = 3;
inline constexpr size_t kMaxUsernameLength = 32;
inline constexpr size_t kMinPasswordBytes = 8;
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMaxDisplayNameLength = 64;
inline constexpr size_t kMinRoomNameLength = 2;
inline constexpr size_t kMaxRoomNameLength = 64;
inline constexpr size_t kMaxTopicLength = 256;
inline constexpr size_t kMaxIdempotencyKeyBytes = 128;

// Returns true when `text` is well-formed UTF-8: no stray continuation
// bytes, truncated sequences, overlong encodings, UTF-16 surrogates
// (U+D800 to U+DFFF) or code points above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Returns the number of code points in `text`, which must be valid UTF-8.
size_t CountCodePoints(std::string_view text);

// Returns `text` without leading and trailing white space: ASCII white
// space and the other Unicode White_Space characters, such as U+00A0
// NO-BREAK SPACE and U+3000 IDEOGRAPHIC SPACE. Bytes that are not valid
// UTF-8 are never trimmed.
std::string_view TrimWhitespace(std::string_view text);

// Returns `value` in double quotes for an error message. Quotes,
// backslashes, control characters and bytes that are not valid UTF-8 are
// escaped (\", \\, \n, \xNN), and a value longer than 40 code points is
// cut there and ends in "...".
std::string QuoteValue(std::string_view value);

// 3 to 32 characters of ASCII letters, digits, '.', '_' and '-'.
Status ValidateUsername(std::string_view username);
// 8 to 1024 bytes of valid UTF-8.
Status ValidatePassword(std::string_view password);
// 1 to 64 characters of valid UTF-8, not only white space, with no control
// characters (U+0000 to U+001F and U+007F to U+009F).
Status ValidateDisplayName(std::string_view display_name);
// 2 to 64 characters of ASCII letters, digits, '.', '_' and '-'.
Status ValidateRoomName(std::string_view room_name);
// At most 256 characters of valid UTF-8 with no control characters. May be
// empty.
Status ValidateTopic(std::string_view topic);
// Valid UTF-8, at most `max_bytes` bytes, and not empty after trimming
// white space. Other control characters, such as tab and line feed, are
// allowed.
Status ValidateMessageText(std::string_view text, size_t max_bytes);
// At most 128 bytes of printable ASCII (0x20 to 0x7E). Empty means that the
// client gave no key.
Status ValidateIdempotencyKey(std::string_view key);

// Returns `text` with ASCII letters in lower case and every other byte
// unchanged. Usernames and room names are ASCII, so this is how their
// case-insensitive forms are built.
std::string FoldCase(std::string_view text);

// Returns the system clock's time in microseconds since the Unix epoch.
int64_t NowMicros();

}  // namespace dchat::internal

#endif  // DCHAT_INTERNAL_VALIDATION_H_
