// Output of the CLI: JSON documents with the .proto field names for
// --json, and one line per item for people.
//
// Results go to stdout, notes and warnings to stderr; --quiet drops
// confirmations and notes but never results or errors.
#ifndef DCHAT_TOOLS_DCHAT_OUTPUT_H_
#define DCHAT_TOOLS_DCHAT_OUTPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dchat/v1/gateway.pb.h"

namespace dchat::cli {

// Formats microseconds since the Unix epoch as local time,
// "2026-12-04 21:03:05".
std::string FormatLocalTime(int64_t time_us);
// Formats microseconds since the Unix epoch as RFC 3339 UTC,
// "2026-12-04T20:03:05Z".
std::string FormatRfc3339(int64_t time_us);
// Parses what FormatRfc3339 writes; nullopt for anything else.
std::optional<int64_t> ParseRfc3339(const std::string& text);

// Replaces control characters with escapes such as "\n" and "\x1b", so that
// text from other users cannot move the cursor or recolour a terminal.
std::string EscapeForTerminal(const std::string& text);

// "public" or "private".
std::string VisibilityLabel(v1::RoomVisibility visibility);
// "online", "away" or "offline".
std::string PresenceLabel(v1::PresenceStatus status);

// "[2026-12-04 21:03:05] #general 42 alice: hello"
std::string FormatMessageLine(const v1::Message& message);

nlohmann::json ToJson(const v1::User& user);
nlohmann::json ToJson(const v1::Room& room);
nlohmann::json ToJson(const v1::Member& member);
nlohmann::json ToJson(const v1::Message& message);
nlohmann::json ToJson(const v1::Presence& presence);
nlohmann::json ToJson(const v1::RosterEntry& entry);
// {"message": {...}}, {"presence": {...}}, {"typing": {...}},
// {"membership": {...}} or {"ready": {...}}, as the event's oneof.
nlohmann::json ToJson(const v1::Event& event);

class Output {
 public:
  Output(bool json, bool quiet) : json_(json), quiet_(quiet) {}

  bool json() const { return json_; }
  bool quiet() const { return quiet_; }

  // Prints `document` on one line of stdout and flushes, so that a reader
  // of a pipe receives each line at once.
  void Json(const nlohmann::json& document) const;
  // Prints a result line on stdout and flushes.
  void Result(const std::string& line) const;
  // Prints a confirmation on stdout unless --quiet.
  void Confirm(const std::string& line) const;
  // Prints rows as result lines, each column padded to its widest cell.
  void Table(const std::vector<std::vector<std::string>>& rows) const;
  // Prints "dchat: <line>" on stderr unless --quiet.
  void Note(const std::string& line) const;
  // Prints "dchat: warning: <line>" on stderr, even with --quiet.
  void Warn(const std::string& line) const;

 private:
  bool json_;
  bool quiet_;
};

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_OUTPUT_H_
