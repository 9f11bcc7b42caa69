// Helpers shared by the route handlers: reading headers and JSON bodies,
// the session and CSRF checks, and running gateway calls for a session.
#ifndef DCHAT_SERVERS_UI_ROUTE_SUPPORT_H_
#define DCHAT_SERVERS_UI_ROUTE_SUPPORT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dchat/status.h"
#include "ui/http_types.h"
#include "ui/shared_state.h"
#include "ui/ui_session.h"

namespace dchat::ui {

// The value of a header, or "" when absent.
std::string_view HeaderValue(const Request& request, http::field field);
std::string_view HeaderValue(const Request& request, std::string_view name);

// Parses a JSON object body. INVALID_ARGUMENT unless the Content-Type is
// application/json (which a cross-site HTML form cannot send) and the body
// is a JSON object.
Result<nlohmann::json> ParseJsonObject(const Request& request);

// Reads a string member. INVALID_ARGUMENT when it is present with another
// type, or missing while `required`.
Result<std::string> StringMember(const nlohmann::json& object, const char* name,
                                 bool required);

// The signed-in session of the request. When there is none, responds 401
// and returns nullptr. With `check_csrf`, also requires the X-CSRF-Token
// header to equal the session's token, and responds 403 otherwise.
std::shared_ptr<UiSession> RequireSession(SharedState& state, const Request& request,
                                          bool check_csrf, const Respond& respond);

// Runs `work` for `session` on the gateway call pool. A 401 from `work`
// means the gateway token expired or was revoked, so the UI session ends
// and the response also deletes the cookie.
void RunSessionCall(SharedState& state, std::shared_ptr<UiSession> session, Respond respond,
                    std::function<Response(UiSession&)> work);

// Joins "general" unless the session is known to be a member already.
Status EnsureGeneralJoined(UiSession& session);

// The room every user is offered first and the form endpoints post to.
inline constexpr std::string_view kGeneralRoom = "general";

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_ROUTE_SUPPORT_H_
