// The account calls of the JSON API: register, login, logout, me, and the
// user's presence.
#include <spdlog/spdlog.h>

#include "ui/api_routes.h"
#include "ui/http_errors.h"
#include "ui/json_codec.h"
#include "ui/responses.h"
#include "ui/route_support.h"

namespace dchat::ui {
namespace {

struct Credentials {
  std::string username;
  std::string password;
  std::string display_name;
};

// Reads the credentials of register and login, after checking that the
// request comes from an allowed page when a browser sent it.
Result<Credentials> ReadCredentials(SharedState& state, const Request& request) {
  if (!state.origin_policy().AllowsFormRequest(HeaderValue(request, http::field::origin),
                                               HeaderValue(request, http::field::referer),
                                               HeaderValue(request, http::field::host))) {
    return PermissionDeniedError("requests from this origin are not allowed");
  }

  Result<nlohmann::json> body = ParseJsonObject(request);
  if (!body.ok()) return body.status();
  Result<std::string> username = StringMember(*body, "username", true);
  if (!username.ok()) return username.status();
  Result<std::string> password = StringMember(*body, "password", true);
  if (!password.ok()) return password.status();
  Result<std::string> display_name = StringMember(*body, "display_name", false);
  if (!display_name.ok()) return display_name.status();
  return Credentials{std::move(*username), std::move(*password), std::move(*display_name)};
}

nlohmann::json SessionJson(const UiSession& session) {
  return {{"user", UserJson(session.user())}, {"csrf_token", session.csrf_token()}};
}

}  // namespace

void HandleRegister(SharedState& state, const Request& request, Respond respond) {
  Result<Credentials> credentials = ReadCredentials(state, request);
  if (!credentials.ok()) return respond(ErrorResponse(credentials.status()));

  SharedState* shared = &state;
  state.RunGatewayCall(respond, [shared, credentials = std::move(*credentials)] {
    Result<v1::User> user = shared->anonymous_client().Register(
        credentials.username, credentials.password, credentials.display_name);
    if (!user.ok()) return ErrorResponse(user.status());
    spdlog::info("registered user {}", user->user_id());
    return JsonResponse(http::status::created, {{"user", UserJson(*user)}});
  });
}

void HandleLogin(SharedState& state, const Request& request, Respond respond) {
  Result<Credentials> credentials = ReadCredentials(state, request);
  if (!credentials.ok()) return respond(ErrorResponse(credentials.status()));

  // A new sign-in replaces the browser's previous session.
  std::shared_ptr<UiSession> previous = state.FindSession(request);

  SharedState* shared = &state;
  state.RunGatewayCall(respond, [shared, previous, credentials = std::move(*credentials)] {
    Result<std::shared_ptr<UiSession>> session =
        shared->SignIn(credentials.username, credentials.password);
    if (!session.ok()) return ErrorResponse(session.status());
    if (previous) shared->EndSession(previous, /*revoke=*/true);

    Response response = JsonResponse(http::status::ok, SessionJson(**session));
    response.set(http::field::set_cookie, shared->SessionCookieFor(**session));
    return response;
  });
}

void HandleLogout(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  state.EndSession(session, /*revoke=*/true);
  spdlog::info("user {} signed out", session->user().user_id());
  Response response = NoContentResponse();
  response.set(http::field::set_cookie, state.ExpiredCookie());
  respond(std::move(response));
}

void HandleMe(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, false, respond);
  if (!session) return;
  respond(JsonResponse(http::status::ok, SessionJson(*session)));
}

void HandleSetPresence(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = RequireSession(state, request, true, respond);
  if (!session) return;

  Result<nlohmann::json> body = ParseJsonObject(request);
  if (!body.ok()) return respond(ErrorResponse(body.status()));
  Result<std::string> name = StringMember(*body, "status", true);
  if (!name.ok()) return respond(ErrorResponse(name.status()));
  std::optional<v1::PresenceStatus> status = ParseChosenPresence(*name);
  if (!status) {
    return respond(ErrorResponse(InvalidArgumentError("\"status\" must be \"online\" or \"away\"")));
  }

  RunSessionCall(state, session, respond, [status = *status](UiSession& session) {
    Result<v1::Presence> presence = session.client().SetPresence(status);
    if (!presence.ok()) return ErrorResponse(presence.status());
    return JsonResponse(http::status::ok, {{"presence", PresenceJson(*presence)}});
  });
}

}  // namespace dchat::ui
