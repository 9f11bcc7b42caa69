// JSON forms of the dchat types the browser API returns; docs/web-api.md
// describes each shape. Times are microseconds since the Unix epoch, as in
// the contracts, and sequence numbers are JSON numbers (exact below 2^53).
#ifndef DCHAT_SERVERS_UI_JSON_CODEC_H_
#define DCHAT_SERVERS_UI_JSON_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dchat/v1/gateway.pb.h"

namespace dchat::ui {

// Serializes compactly. Invalid UTF-8 is replaced by U+FFFD instead of
// throwing, although the gateway rejects such text on input.
std::string DumpJson(const nlohmann::json& value);

nlohmann::json UserJson(const v1::User& user);
nlohmann::json RoomJson(const v1::Room& room);
nlohmann::json MessageJson(const v1::Message& message);
nlohmann::json PresenceJson(const v1::Presence& presence);
nlohmann::json RosterEntryJson(const v1::RosterEntry& entry);

// "online", "away", "offline" or "unknown".
std::string_view PresenceStatusName(v1::PresenceStatus status);
// Accepts "online" and "away", the states a user can choose.
std::optional<v1::PresenceStatus> ParseChosenPresence(std::string_view name);

// "public" or "private"; nullopt for anything else.
std::optional<v1::RoomVisibility> ParseVisibility(std::string_view name);

// The WebSocket frame of one gateway event, with a "type" member of
// "message", "presence", "typing" or "membership". The stream's own
// "ready" marker is not forwarded as is: each socket sends its own.
nlohmann::json EventJson(const v1::Event& event);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_JSON_CODEC_H_
