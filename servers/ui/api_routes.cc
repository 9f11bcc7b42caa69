#include "ui/api_routes.h"

#include <algorithm>

#include "ui/http_errors.h"
#include "ui/responses.h"

namespace dchat::ui {
namespace {

Response MethodNotAllowed(std::string_view allowed) {
  Response response = ErrorResponse(
      InvalidArgumentError("method not allowed here; use " + std::string(allowed)));
  response.result(http::status::method_not_allowed);
  response.set(http::field::allow, allowed);
  return response;
}

void HandleAccountRequest(SharedState& state, const Request& request, const std::string& name,
                          Respond respond) {
  http::verb method = request.method();
  if (name == "me") {
    if (method != http::verb::get) return respond(MethodNotAllowed("GET"));
    return HandleMe(state, request, std::move(respond));
  }
  if (method != http::verb::post) return respond(MethodNotAllowed("POST"));
  if (name == "register") return HandleRegister(state, request, std::move(respond));
  if (name == "login") return HandleLogin(state, request, std::move(respond));
  if (name == "logout") return HandleLogout(state, request, std::move(respond));
  HandleSetPresence(state, request, std::move(respond));
}

void HandleRoomRequest(SharedState& state, const Request& request, const std::string& room,
                       const std::string& action, Respond respond) {
  http::verb method = request.method();
  if (action == "messages") {
    if (method == http::verb::get) return HandleListMessages(state, request, room, std::move(respond));
    if (method == http::verb::post) return HandleSendMessage(state, request, room, std::move(respond));
    return respond(MethodNotAllowed("GET, POST"));
  }
  if (action == "roster") {
    if (method != http::verb::get) return respond(MethodNotAllowed("GET"));
    return HandleRoster(state, request, room, std::move(respond));
  }

  if (method != http::verb::post) return respond(MethodNotAllowed("POST"));
  if (action == "join") return HandleJoinRoom(state, request, room, std::move(respond));
  if (action == "leave") return HandleLeaveRoom(state, request, room, std::move(respond));
  HandleTyping(state, request, room, std::move(respond));
}

}  // namespace

void HandleApiRequest(SharedState& state, Request request,
                      const std::vector<std::string>& segments, Respond respond) {
  static const std::vector<std::string> kAccountCalls = {"register", "login", "logout", "me",
                                                         "presence"};
  static const std::vector<std::string> kRoomActions = {"join",   "leave",  "messages",
                                                        "typing", "roster"};
  auto contains = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };

  if (segments.size() == 2 && contains(kAccountCalls, segments[1])) {
    return HandleAccountRequest(state, request, segments[1], std::move(respond));
  }

  if (segments.size() == 2 && segments[1] == "rooms") {
    if (request.method() == http::verb::get) return HandleListRooms(state, request, std::move(respond));
    if (request.method() == http::verb::post) return HandleCreateRoom(state, request, std::move(respond));
    return respond(MethodNotAllowed("GET, POST"));
  }

  if (segments.size() == 4 && segments[1] == "rooms" && contains(kRoomActions, segments[3])) {
    return HandleRoomRequest(state, request, segments[2], segments[3], std::move(respond));
  }

  respond(ErrorResponse(NotFoundError("no API call at this path; see docs/web-api.md")));
}

}  // namespace dchat::ui
