// The room calls of the JSON API: listing, creating, joining and leaving
// rooms, their messages, typing notices and rosters.
#include "ui/api_routes.h"
#include "ui/http_errors.h"
#include "ui/http_util.h"
#include "ui/json_codec.h"
#include "ui/responses.h"
#include "ui/route_support.h"

namespace dchat::ui {
namespace {

// Reads an optional non-negative integer query parameter.
Result<int64_t> QueryInteger(const std::map<std::string, std::string>& query, const char* name,
                             int64_t fallback) {
  auto found = query.find(name);
  if (found == query.end() || found->second.empty()) return fallback;
  std::optional<long long> value = ParseInteger(found->second);
  if (!value || *value < 0) {
    return InvalidArgumentError(std::string("query parameter \"") + name +
                                "\" must be a non-negative integer");
  }
  return static_cast<int64_t>(*value);
}

Result<std::map<std::string, std::string>> ParseQuery(const Request& request) {
  std::string_view target(request.target().data(), request.target().size());
  std::optional<std::map<std::string, std::string>> query =
      ParseFormEncoded(SplitTarget(target).query);
  if (!query) return InvalidArgumentError("malformed %-escape in the query string");
  return std::move(*query);
}

bool IsGeneral(const std::string& room) {
  if (room.size() != kGeneralRoom.size()) return false;
  for (size_t i = 0; i < room.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(room[i])) != kGeneralRoom[i]) return false;
  }
  return true;
}

}  // namespace

void HandleListRooms(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, false, respond);
  if (!session) return;

  Result<std::map<std::string, std::string>> query = ParseQuery(request);
  if (!query.ok()) return respond(ErrorResponse(query.status()));
  std::string scope_name = query->count("scope") ? query->at("scope") : "visible";
  if (scope_name != "joined" && scope_name != "visible") {
    return respond(
        ErrorResponse(InvalidArgumentError("\"scope\" must be \"joined\" or \"visible\"")));
  }
  v1::RoomScope scope = scope_name == "joined" ? v1::ROOM_SCOPE_JOINED : v1::ROOM_SCOPE_VISIBLE;

  RunSessionCall(state, session, respond, [scope](UiSession& session) {
    // NOTE: the list stops at 1000 rooms, which suits a page's sidebar.
    Result<std::vector<v1::Room>> rooms = session.client().ListRooms(scope, 1000);
    if (!rooms.ok()) return ErrorResponse(rooms.status());

    nlohmann::json list = nlohmann::json::array();
    for (const v1::Room& room : *rooms) list.push_back(RoomJson(room));
    return JsonResponse(http::status::ok, {{"rooms", std::move(list)}});
  });
}

void HandleCreateRoom(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  Result<nlohmann::json> body = ParseJsonObject(request);
  if (!body.ok()) return respond(ErrorResponse(body.status()));
  Result<std::string> name = StringMember(*body, "name", true);
  if (!name.ok()) return respond(ErrorResponse(name.status()));
  Result<std::string> topic = StringMember(*body, "topic", false);
  if (!topic.ok()) return respond(ErrorResponse(topic.status()));
  Result<std::string> visibility_name = StringMember(*body, "visibility", false);
  if (!visibility_name.ok()) return respond(ErrorResponse(visibility_name.status()));
  std::optional<v1::RoomVisibility> visibility =
      visibility_name->empty() ? v1::ROOM_VISIBILITY_PUBLIC : ParseVisibility(*visibility_name);
  if (!visibility) {
    return respond(ErrorResponse(
        InvalidArgumentError("\"visibility\" must be \"public\" or \"private\"")));
  }

  RunSessionCall(state, session, respond,
                 [name = std::move(*name), topic = std::move(*topic),
                  visibility = *visibility](UiSession& session) {
                   Result<v1::Room> room = session.client().CreateRoom(name, topic, visibility);
                   if (!room.ok()) return ErrorResponse(room.status());
                   return JsonResponse(http::status::created, {{"room", RoomJson(*room)}});
                 });
}

void HandleJoinRoom(SharedState& state, const Request& request, const std::string& room,
                    Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  RunSessionCall(state, session, respond, [room](UiSession& session) {
    Result<v1::Room> joined = session.client().JoinRoom(room);
    if (!joined.ok()) return ErrorResponse(joined.status());
    if (IsGeneral(joined->room_id())) session.set_general_joined(true);
    return JsonResponse(http::status::ok, {{"room", RoomJson(*joined)}});
  });
}

void HandleLeaveRoom(SharedState& state, const Request& request, const std::string& room,
                     Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  RunSessionCall(state, session, respond, [room](UiSession& session) {
    // Forget the membership first, so a failure never leaves a stale "yes".
    if (IsGeneral(room)) session.set_general_joined(false);
    Status left = session.client().LeaveRoom(room);
    if (!left.ok()) return ErrorResponse(left);
    return NoContentResponse();
  });
}

void HandleListMessages(SharedState& state, const Request& request, const std::string& room,
                        Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, false, respond);
  if (!session) return;

  Result<std::map<std::string, std::string>> query = ParseQuery(request);
  if (!query.ok()) return respond(ErrorResponse(query.status()));
  Result<int64_t> before = QueryInteger(*query, "before", 0);
  // Without "after" the page reads backward from "before" (or the newest
  // message); with it, forward from right after that sequence.
  Result<int64_t> after = QueryInteger(*query, "after", -1);
  Result<int64_t> limit = QueryInteger(*query, "limit", 50);
  for (const Result<int64_t>* value : {&before, &after, &limit}) {
    if (!value->ok()) return respond(ErrorResponse(value->status()));
  }
  if (*limit < 1 || *limit > 500) {
    return respond(ErrorResponse(InvalidArgumentError("\"limit\" must be 1 to 500")));
  }

  HistoryQuery history{
      .before_seq = *before, .after_seq = *after, .limit = static_cast<int>(*limit)};
  RunSessionCall(state, session, respond, [room, history](UiSession& session) {
    Result<v1::ListMessagesResponse> page = session.client().History(room, history);
    if (!page.ok()) return ErrorResponse(page.status());

    nlohmann::json messages = nlohmann::json::array();
    for (const v1::Message& message : page->messages()) messages.push_back(MessageJson(message));
    return JsonResponse(http::status::ok, {{"messages", std::move(messages)},
                                           {"has_more", page->has_more()},
                                           {"last_seq", page->last_seq()}});
  });
}

void HandleSendMessage(SharedState& state, const Request& request, const std::string& room,
                       Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  Result<nlohmann::json> body = ParseJsonObject(request);
  if (!body.ok()) return respond(ErrorResponse(body.status()));
  Result<std::string> text = StringMember(*body, "text", true);
  if (!text.ok()) return respond(ErrorResponse(text.status()));
  Result<std::string> key = StringMember(*body, "idempotency_key", false);
  if (!key.ok()) return respond(ErrorResponse(key.status()));

  RunSessionCall(state, session, respond,
                 [room, text = std::move(*text), key = std::move(*key)](UiSession& session) {
                   Result<v1::Message> sent = session.client().Send(room, text, key);
                   if (!sent.ok()) return ErrorResponse(sent.status());
                   return JsonResponse(http::status::created, {{"message", MessageJson(*sent)}});
                 });
}

void HandleTyping(SharedState& state, const Request& request, const std::string& room,
                  Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  RunSessionCall(state, session, respond, [room](UiSession& session) {
    Status typing = session.client().SetTyping(room);
    if (!typing.ok()) return ErrorResponse(typing);
    return NoContentResponse();
  });
}

void HandleRoster(SharedState& state, const Request& request, const std::string& room,
                  Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, false, respond);
  if (!session) return;

  RunSessionCall(state, session, respond, [room](UiSession& session) {
    Result<v1::GetRosterResponse> roster = session.client().Roster(room);
    if (!roster.ok()) return ErrorResponse(roster.status());

    nlohmann::json entries = nlohmann::json::array();
    for (const v1::RosterEntry& entry : roster->entries()) entries.push_back(RosterEntryJson(entry));
    return JsonResponse(http::status::ok, {{"entries", std::move(entries)}});
  });
}

}  // namespace dchat::ui
