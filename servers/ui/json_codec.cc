#include "ui/json_codec.h"

namespace dchat::ui {
namespace {

std::string_view VisibilityName(v1::RoomVisibility visibility) {
  return visibility == v1::ROOM_VISIBILITY_PRIVATE ? "private" : "public";
}

std::string_view MembershipChangeName(v1::MembershipChange change) {
  switch (change) {
    case v1::MEMBERSHIP_CHANGE_JOINED:
      return "joined";
    case v1::MEMBERSHIP_CHANGE_LEFT:
      return "left";
    case v1::MEMBERSHIP_CHANGE_INVITED:
      return "invited";
    default:
      return "unknown";
  }
}

}  // namespace

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json UserJson(const v1::User& user) {
  return {{"user_id", user.user_id()},
          {"username", user.username()},
          {"display_name", user.display_name()},
          {"created_at_us", user.created_at_us()}};
}

nlohmann::json RoomJson(const v1::Room& room) {
  return {{"room_id", room.room_id()},
          {"name", room.name()},
          {"topic", room.topic()},
          {"visibility", VisibilityName(room.visibility())},
          {"creator_id", room.creator_id()},
          {"created_at_us", room.created_at_us()},
          {"member_count", room.member_count()}};
}

nlohmann::json MessageJson(const v1::Message& message) {
  return {{"room_id", message.room_id()},
          {"seq", message.seq()},
          {"sender_id", message.sender_id()},
          {"sender_username", message.sender_username()},
          {"text", message.text()},
          {"idempotency_key", message.idempotency_key()},
          {"created_at_us", message.created_at_us()}};
}

nlohmann::json PresenceJson(const v1::Presence& presence) {
  return {{"user_id", presence.user_id()},
          {"username", presence.username()},
          {"status", PresenceStatusName(presence.status())},
          {"expires_at_us", presence.expires_at_us()},
          {"changed_at_us", presence.changed_at_us()}};
}

nlohmann::json RosterEntryJson(const v1::RosterEntry& entry) {
  return {{"user_id", entry.user_id()},
          {"username", entry.username()},
          {"status", PresenceStatusName(entry.status())},
          {"typing", entry.typing()}};
}

std::string_view PresenceStatusName(v1::PresenceStatus status) {
  switch (status) {
    case v1::PRESENCE_STATUS_ONLINE:
      return "online";
    case v1::PRESENCE_STATUS_AWAY:
      return "away";
    case v1::PRESENCE_STATUS_OFFLINE:
      return "offline";
    default:
      return "unknown";
  }
}

std::optional<v1::PresenceStatus> ParseChosenPresence(std::string_view name) {
  if (name == "online") return v1::PRESENCE_STATUS_ONLINE;
  if (name == "away") return v1::PRESENCE_STATUS_AWAY;
  return std::nullopt;
}

std::optional<v1::RoomVisibility> ParseVisibility(std::string_view name) {
  if (name == "public") return v1::ROOM_VISIBILITY_PUBLIC;
  if (name == "private") return v1::ROOM_VISIBILITY_PRIVATE;
  return std::nullopt;
}

nlohmann::json EventJson(const v1::Event& event) {
  switch (event.event_case()) {
    case v1::Event::kMessage:
      return {{"type", "message"}, {"message", MessageJson(event.message())}};
    case v1::Event::kPresence: {
      nlohmann::json rooms = nlohmann::json::array();
      for (const std::string& room : event.presence().room_ids()) rooms.push_back(room);
      return {{"type", "presence"},
              {"presence", PresenceJson(event.presence().presence())},
              {"room_ids", std::move(rooms)}};
    }
    case v1::Event::kTyping:
      return {{"type", "typing"},
              {"room_id", event.typing().room_id()},
              {"user_id", event.typing().user_id()},
              {"expires_at_us", event.typing().expires_at_us()}};
    case v1::Event::kMembership:
      return {{"type", "membership"},
              {"room_id", event.membership().room_id()},
              {"user_id", event.membership().user_id()},
              {"change", MembershipChangeName(event.membership().change())},
              {"actor_id", event.membership().actor_id()},
              {"at_us", event.membership().at_us()}};
    case v1::Event::kReady:
      return {{"type", "ready"}};
    case v1::Event::EVENT_NOT_SET:
      break;
  }
  return {{"type", "unknown"}};
}

}  // namespace dchat::ui
