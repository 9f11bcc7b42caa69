#include "ui/route_support.h"

#include "ui/http_errors.h"
#include "ui/http_util.h"

namespace dchat::ui {

std::string_view HeaderValue(const Request& request, http::field field) {
  auto found = request.find(field);
  if (found == request.end()) return {};
  return {found->value().data(), found->value().size()};
}

std::string_view HeaderValue(const Request& request, std::string_view name) {
  auto found = request.find(beast::string_view(name.data(), name.size()));
  if (found == request.end()) return {};
  return {found->value().data(), found->value().size()};
}

Result<nlohmann::json> ParseJsonObject(const Request& request) {
  std::string_view content_type = HeaderValue(request, http::field::content_type);
  std::string_view media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && media_type.back() == ' ') media_type.remove_suffix(1);
  if (media_type != "application/json") {
    return InvalidArgumentError("expected a JSON body with Content-Type: application/json");
  }

  nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("the request body is not a JSON object");
  }
  return body;
}

Result<std::string> StringMember(const nlohmann::json& object, const char* name,
                                 bool required) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) {
    if (required) return InvalidArgumentError(std::string("missing \"") + name + "\"");
    return std::string();
  }
  if (!found->is_string()) {
    return InvalidArgumentError(std::string("\"") + name + "\" must be a string");
  }
  return found->get<std::string>();
}

std::shared_ptr<UiSession> RequireSession(SharedState& state, const Request& request,
                                          bool check_csrf, const Respond& respond) {
  std::shared_ptr<UiSession> session = state.FindSession(request);
  if (!session) {
    respond(ErrorResponse(UnauthenticatedError("not signed in, or the session expired; sign in again")));
    return nullptr;
  }

  if (check_csrf &&
      !ConstantTimeEquals(HeaderValue(request, "X-CSRF-Token"), session->csrf_token())) {
    respond(ErrorResponse(PermissionDeniedError(
        "missing or wrong X-CSRF-Token header; read the token from GET /api/me")));
    return nullptr;
  }
  return session;
}

void RunSessionCall(SharedState& state, std::shared_ptr<UiSession> session, Respond respond,
                    std::function<Response(UiSession&)> work) {
  SharedState* shared = &state;
  state.RunGatewayCall(respond, [shared, session, work = std::move(work)] {
    Response response = work(*session);
    if (response.result() == http::status::unauthorized) {
      shared->EndSession(session, /*revoke=*/false);
      response.set(http::field::set_cookie, shared->ExpiredCookie());
    }
    return response;
  });
}

Status EnsureGeneralJoined(UiSession& session) {
  if (session.general_joined()) return OkStatus();
  Result<v1::Room> joined = session.client().JoinRoom(std::string(kGeneralRoom));
  if (!joined.ok()) return joined.status();
  session.set_general_joined(true);
  return OkStatus();
}

}  // namespace dchat::ui
