#include "internal/validation.h"

#include <chrono>
#include <cstdio>
#include <string>

namespace dchat::internal {
namespace {

// Values longer than this many code points are cut in error messages.
constexpr size_t kMaxQuotedLength = 40;

// Decodes the code point that starts at `text[pos]`. Returns its length in
// bytes, or 0 when the bytes there are not a well-formed UTF-8 sequence.
// The limits on the second byte exclude overlong encodings, surrogates and
// values above U+10FFFF.
size_t DecodeUtf8(std::string_view text, size_t pos, char32_t* code_point) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[pos + i]);
  };
  const size_t available = text.size() - pos;
  const unsigned char lead = byte(0);

  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }

  size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // lower values are overlong
    if (lead == 0xED) second_max = 0x9F;  // higher values are surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // lower values are overlong
    if (lead == 0xF4) second_max = 0x8F;  // higher values exceed U+10FFFF
  } else {
    return 0;  // a continuation byte, an overlong lead or beyond U+10FFFF
  }
  if (available < length) return 0;

  if (byte(1) < second_min || byte(1) > second_max) return 0;
  char32_t value = lead & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  *code_point = value;
  return length;
}

// Returns the offset of the first byte that does not start a well-formed
// sequence, or npos when `text` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t code_point = 0;
    const size_t length = DecodeUtf8(text, pos, &code_point);
    if (length == 0) return pos;
    pos += length;
  }
  return std::string_view::npos;
}

// The characters with the Unicode White_Space property.
bool IsWhitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// C0 controls, DEL and C1 controls.
bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Bidirectional formatting characters, which can make a quoted value
// display in a different order than it is stored.
bool IsBidiControl(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool HasControlCharacter(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t code_point = 0;
    pos += DecodeUtf8(text, pos, &code_point);
    if (IsControl(code_point)) return true;
  }
  return false;
}

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// Checks the shared rule of usernames and room names.
bool IsValidName(std::string_view name, size_t min_length,
                 size_t max_length) {
  if (name.size() < min_length || name.size() > max_length) return false;
  for (char c : name) {
    if (!IsNameCharacter(c)) return false;
  }
  return true;
}

// Appends a byte as \xNN: for ASCII controls and bytes that are not
// valid UTF-8.
void AppendEscapedByte(unsigned char byte, std::string* out) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "\\x%02X", byte);
  out->append(buffer);
}

// Appends a code point as \uNNNN: for C1 controls and bidirectional
// formatting characters, which are valid UTF-8 but unsafe to print.
void AppendEscapedCodePoint(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    AppendEscapedByte(static_cast<unsigned char>(code_point), out);
    return;
  }
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "\\u%04X",
                static_cast<unsigned>(code_point));
  out->append(buffer);
}

void AppendQuotedCharacter(std::string_view text, size_t pos, size_t length,
                           char32_t code_point, std::string* out) {
  switch (code_point) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    default: break;
  }
  if (IsControl(code_point) || IsBidiControl(code_point)) {
    AppendEscapedCodePoint(code_point, out);
    return;
  }
  out->append(text.substr(pos, length));
}

std::string NameRule(size_t min_length, size_t max_length) {
  return "use " + std::to_string(min_length) + " to " +
         std::to_string(max_length) +
         " letters, digits, '.', '_' or '-'";
}

Status InvalidName(std::string_view field, std::string_view name,
                   size_t min_length, size_t max_length) {
  const std::string rule = NameRule(min_length, max_length);
  if (name.empty()) {
    return InvalidArgumentError(std::string(field) + " is missing: " + rule);
  }
  return InvalidArgumentError(std::string(field) + " " + QuoteValue(name) +
                              " is invalid: " + rule);
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  return FindInvalidUtf8(text) == std::string_view::npos;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string_view TrimWhitespace(std::string_view text) {
  while (!text.empty()) {
    char32_t code_point = 0;
    const size_t length = DecodeUtf8(text, 0, &code_point);
    if (length == 0 || !IsWhitespace(code_point)) break;
    text.remove_prefix(length);
  }

  while (!text.empty()) {
    // Walk back to the lead byte of the last sequence (at most 4 bytes).
    size_t start = text.size() - 1;
    while (start > 0 && text.size() - start < 4 &&
           (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    char32_t code_point = 0;
    const size_t length = DecodeUtf8(text, start, &code_point);
    if (length == 0 || start + length != text.size() ||
        !IsWhitespace(code_point)) {
      break;
    }
    text.remove_suffix(length);
  }
  return text;
}

std::string QuoteValue(std::string_view value) {
  std::string quoted = "\"";
  size_t pos = 0;
  size_t characters_shown = 0;
  while (pos < value.size()) {
    if (characters_shown == kMaxQuotedLength) {
      quoted.append("...");
      break;
    }

    char32_t code_point = 0;
    const size_t length = DecodeUtf8(value, pos, &code_point);
    if (length == 0) {
      AppendEscapedByte(static_cast<unsigned char>(value[pos]), &quoted);
      pos += 1;
    } else {
      AppendQuotedCharacter(value, pos, length, code_point, &quoted);
      pos += length;
    }
    ++characters_shown;
  }
  quoted.push_back('"');
  return quoted;
}

Status ValidateUsername(std::string_view username) {
  if (IsValidName(username, kMinUsernameLength, kMaxUsernameLength)) {
    return OkStatus();
  }
  return InvalidName("username", username, kMinUsernameLength,
                     kMaxUsernameLength);
}

Status ValidatePassword(std::string_view password) {
  const std::string rule = "use " + std::to_string(kMinPasswordBytes) +
                           " to " + std::to_string(kMaxPasswordBytes) +
                           " bytes of UTF-8";
  if (password.empty()) {
    return InvalidArgumentError("password is missing: " + rule);
  }

  // The value itself never appears in these messages.
  const std::string size = " (" + std::to_string(password.size()) + " bytes)";
  if (password.size() < kMinPasswordBytes) {
    return InvalidArgumentError("password is too short" + size + ": " + rule);
  }
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError("password is too long" + size + ": " + rule);
  }
  if (!IsValidUtf8(password)) {
    return InvalidArgumentError("password is not valid UTF-8: " + rule);
  }
  return OkStatus();
}

Status ValidateDisplayName(std::string_view display_name) {
  const std::string rule = "use 1 to " + std::to_string(kMaxDisplayNameLength) +
                           " characters with no control characters";
  if (display_name.empty()) {
    return InvalidArgumentError("display name is missing: " + rule);
  }

  const std::string field = "display name " + QuoteValue(display_name);
  if (!IsValidUtf8(display_name)) {
    return InvalidArgumentError(field + " is not valid UTF-8: " + rule);
  }
  const size_t length = CountCodePoints(display_name);
  if (length > kMaxDisplayNameLength) {
    return InvalidArgumentError(field + " is too long (" +
                                std::to_string(length) +
                                " characters): " + rule);
  }
  if (HasControlCharacter(display_name)) {
    return InvalidArgumentError(field +
                                " contains a control character: " + rule);
  }
  if (TrimWhitespace(display_name).empty()) {
    return InvalidArgumentError(
        field + " is only white space: use at least one visible character");
  }
  return OkStatus();
}

Status ValidateRoomName(std::string_view room_name) {
  if (IsValidName(room_name, kMinRoomNameLength, kMaxRoomNameLength)) {
    return OkStatus();
  }
  return InvalidName("room name", room_name, kMinRoomNameLength,
                     kMaxRoomNameLength);
}

Status ValidateTopic(std::string_view topic) {
  const std::string rule = "use at most " + std::to_string(kMaxTopicLength) +
                           " characters with no control characters";
  const std::string field = "topic " + QuoteValue(topic);
  if (!IsValidUtf8(topic)) {
    return InvalidArgumentError(field + " is not valid UTF-8: " + rule);
  }

  const size_t length = CountCodePoints(topic);
  if (length > kMaxTopicLength) {
    return InvalidArgumentError(field + " is too long (" +
                                std::to_string(length) +
                                " characters): " + rule);
  }
  if (HasControlCharacter(topic)) {
    return InvalidArgumentError(field +
                                " contains a control character: " + rule);
  }
  return OkStatus();
}

Status ValidateMessageText(std::string_view text, size_t max_bytes) {
  // The text never appears in these messages, because services log
  // rejected calls and message bodies must stay out of logs.
  if (text.size() > max_bytes) {
    return InvalidArgumentError(
        "message text is too long (" + std::to_string(text.size()) +
        " bytes): use at most " + std::to_string(max_bytes) + " bytes");
  }

  const size_t invalid_at = FindInvalidUtf8(text);
  if (invalid_at != std::string_view::npos) {
    return InvalidArgumentError(
        "message text is not valid UTF-8: the byte at offset " +
        std::to_string(invalid_at) + " is invalid");
  }
  if (TrimWhitespace(text).empty()) {
    return InvalidArgumentError(
        "message text is empty: send at least one character that is not "
        "white space");
  }
  return OkStatus();
}

Status ValidateIdempotencyKey(std::string_view key) {
  const std::string rule = "use at most " +
                           std::to_string(kMaxIdempotencyKeyBytes) +
                           " printable ASCII characters (0x20 to 0x7E)";
  if (key.size() > kMaxIdempotencyKeyBytes) {
    return InvalidArgumentError("idempotency key " + QuoteValue(key) +
                                " is too long (" + std::to_string(key.size()) +
                                " bytes): " + rule);
  }

  for (unsigned char c : key) {
    if (c < 0x20 || c > 0x7E) {
      return InvalidArgumentError("idempotency key " + QuoteValue(key) +
                                  " is invalid: " + rule);
    }
  }
  return OkStatus();
}

std::string FoldCase(std::string_view text) {
  std::string folded(text);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace dchat::internal
