// The JSON API under /api, documented in docs/web-api.md.
//
// Every state-changing call of a signed-in session needs the X-CSRF-Token
// header. Register and login have no session yet, so they need a JSON body
// instead, and an allowed Origin when the browser sends one.
#ifndef DCHAT_SERVERS_UI_API_ROUTES_H_
#define DCHAT_SERVERS_UI_API_ROUTES_H_

#include <string>
#include <vector>

#include "ui/http_types.h"
#include "ui/shared_state.h"

namespace dchat::ui {

// `segments` is the decoded path, starting with "api".
void HandleApiRequest(SharedState& state, Request request,
                      const std::vector<std::string>& segments, Respond respond);

// Account calls: register, login, logout, me, presence.
void HandleRegister(SharedState& state, const Request& request, Respond respond);
void HandleLogin(SharedState& state, const Request& request, Respond respond);
void HandleLogout(SharedState& state, const Request& request, Respond respond);
void HandleMe(SharedState& state, const Request& request, Respond respond);
void HandleSetPresence(SharedState& state, const Request& request, Respond respond);

// Room calls. `room` is a room name or id from the path.
void HandleListRooms(SharedState& state, const Request& request, Respond respond);
void HandleCreateRoom(SharedState& state, const Request& request, Respond respond);
void HandleJoinRoom(SharedState& state, const Request& request, const std::string& room,
                    Respond respond);
void HandleLeaveRoom(SharedState& state, const Request& request, const std::string& room,
                     Respond respond);
void HandleListMessages(SharedState& state, const Request& request, const std::string& room,
                        Respond respond);
void HandleSendMessage(SharedState& state, const Request& request, const std::string& room,
                       Respond respond);
void HandleTyping(SharedState& state, const Request& request, const std::string& room,
                  Respond respond);
void HandleRoster(SharedState& state, const Request& request, const std::string& room,
                  Respond respond);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_API_ROUTES_H_
