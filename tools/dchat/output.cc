#include "output.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace dchat::cli {
namespace {

// Serializes writes, so that lines from the follow thread and the main
// thread never interleave.
std::mutex output_mutex;

void WriteLine(std::FILE* stream, const std::string& line) {
  std::lock_guard lock(output_mutex);
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fputc('\n', stream);
  std::fflush(stream);
}

std::string FormatTime(int64_t time_us, bool utc, const char* format) {
  std::time_t seconds = static_cast<std::time_t>(time_us / 1000000);
  std::tm parts{};
  if (utc) {
    gmtime_r(&seconds, &parts);
  } else {
    localtime_r(&seconds, &parts);
  }
  char text[64];
  size_t size = std::strftime(text, sizeof text, format, &parts);
  return std::string(text, size);
}

}  // namespace

std::string FormatLocalTime(int64_t time_us) {
  return FormatTime(time_us, false, "%Y-%m-%d %H:%M:%S");
}

std::string FormatRfc3339(int64_t time_us) {
  return FormatTime(time_us, true, "%Y-%m-%dT%H:%M:%SZ");
}

std::optional<int64_t> ParseRfc3339(const std::string& text) {
  std::tm parts{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&parts)) * 1000000;
}

std::string EscapeForTerminal(const std::string& text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\t') {
      escaped += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      escaped += hex;
    } else {
      escaped += static_cast<char>(c);
    }
  }
  return escaped;
}

std::string VisibilityLabel(v1::RoomVisibility visibility) {
  return visibility == v1::ROOM_VISIBILITY_PRIVATE ? "private" : "public";
}

std::string PresenceLabel(v1::PresenceStatus status) {
  switch (status) {
    case v1::PRESENCE_STATUS_ONLINE:
      return "online";
    case v1::PRESENCE_STATUS_AWAY:
      return "away";
    default:
      return "offline";
  }
}

std::string FormatMessageLine(const v1::Message& message) {
  const std::string& sender =
      message.sender_username().empty() ? message.sender_id() : message.sender_username();
  return "[" + FormatLocalTime(message.created_at_us()) + "] #" + message.room_id() + " " +
         std::to_string(message.seq()) + " " + EscapeForTerminal(sender) + ": " +
         EscapeForTerminal(message.text());
}

nlohmann::json ToJson(const v1::User& user) {
  return {
      {"user_id", user.user_id()},
      {"username", user.username()},
      {"display_name", user.display_name()},
      {"created_at_us", user.created_at_us()},
  };
}

nlohmann::json ToJson(const v1::Room& room) {
  return {
      {"room_id", room.room_id()},
      {"name", room.name()},
      {"topic", room.topic()},
      {"visibility", v1::RoomVisibility_Name(room.visibility())},
      {"creator_id", room.creator_id()},
      {"created_at_us", room.created_at_us()},
      {"member_count", room.member_count()},
  };
}

nlohmann::json ToJson(const v1::Member& member) {
  return {
      {"user_id", member.user_id()},
      {"username", member.username()},
      {"joined_at_us", member.joined_at_us()},
  };
}

nlohmann::json ToJson(const v1::Message& message) {
  return {
      {"room_id", message.room_id()},
      {"seq", message.seq()},
      {"sender_id", message.sender_id()},
      {"sender_username", message.sender_username()},
      {"text", message.text()},
      {"idempotency_key", message.idempotency_key()},
      {"created_at_us", message.created_at_us()},
  };
}

nlohmann::json ToJson(const v1::Presence& presence) {
  return {
      {"user_id", presence.user_id()},
      {"username", presence.username()},
      {"status", v1::PresenceStatus_Name(presence.status())},
      {"expires_at_us", presence.expires_at_us()},
      {"changed_at_us", presence.changed_at_us()},
  };
}

nlohmann::json ToJson(const v1::RosterEntry& entry) {
  return {
      {"user_id", entry.user_id()},
      {"username", entry.username()},
      {"status", v1::PresenceStatus_Name(entry.status())},
      {"typing", entry.typing()},
  };
}

nlohmann::json ToJson(const v1::Event& event) {
  switch (event.event_case()) {
    case v1::Event::kMessage:
      return {{"message", ToJson(event.message())}};
    case v1::Event::kPresence: {
      const v1::PresenceEvent& presence = event.presence();
      return {{"presence",
               {{"presence", ToJson(presence.presence())},
                {"room_ids", std::vector<std::string>(presence.room_ids().begin(),
                                                      presence.room_ids().end())}}}};
    }
    case v1::Event::kTyping: {
      const v1::TypingEvent& typing = event.typing();
      return {{"typing",
               {{"room_id", typing.room_id()},
                {"user_id", typing.user_id()},
                {"expires_at_us", typing.expires_at_us()}}}};
    }
    case v1::Event::kMembership: {
      const v1::MembershipEvent& membership = event.membership();
      return {{"membership",
               {{"room_id", membership.room_id()},
                {"user_id", membership.user_id()},
                {"change", v1::MembershipChange_Name(membership.change())},
                {"actor_id", membership.actor_id()},
                {"at_us", membership.at_us()}}}};
    }
    case v1::Event::kReady:
      return {{"ready",
               {{"room_ids", std::vector<std::string>(event.ready().room_ids().begin(),
                                                      event.ready().room_ids().end())}}}};
    case v1::Event::EVENT_NOT_SET:
      break;
  }
  return nlohmann::json::object();
}

void Output::Json(const nlohmann::json& document) const {
  // Text from the server is valid UTF-8; replacing invalid bytes keeps a
  // single bad message from ending the output.
  WriteLine(stdout, document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Output::Result(const std::string& line) const { WriteLine(stdout, line); }

void Output::Table(const std::vector<std::vector<std::string>>& rows) const {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }

  // The last column is not padded, so lines carry no trailing blanks.
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    WriteLine(stdout, line);
  }
}

void Output::Confirm(const std::string& line) const {
  if (!quiet_) WriteLine(stdout, line);
}

void Output::Note(const std::string& line) const {
  if (!quiet_) WriteLine(stderr, "dchat: " + line);
}

void Output::Warn(const std::string& line) const { WriteLine(stderr, "dchat: warning: " + line); }

}  // namespace dchat::cli
