#include "ui/form_routes.h"

#include <algorithm>
#include <iterator>

#include <spdlog/spdlog.h>

#include "ui/http_errors.h"
#include "ui/http_util.h"
#include "ui/json_codec.h"
#include "ui/responses.h"
#include "ui/route_support.h"

namespace dchat::ui {
namespace {

// Form endpoints send errors as plain text, since their callers are forms
// and scripts rather than the page.
Response FormError(const Status& status) {
  Response response = TextResponse(HttpStatusFor(status.code()), status.message());
  if (HttpStatusFor(status.code()) == http::status::internal_server_error) {
    response.body() = "internal error in the chat service; try again later\n";
    response.prepare_payload();
  }
  return response;
}

bool OriginAllowed(SharedState& state, const Request& request) {
  return state.origin_policy().AllowsFormRequest(HeaderValue(request, http::field::origin),
                                                 HeaderValue(request, http::field::referer),
                                                 HeaderValue(request, http::field::host));
}

Result<std::map<std::string, std::string>> ReadForm(const Request& request) {
  std::string_view content_type = HeaderValue(request, http::field::content_type);
  if (content_type.substr(0, content_type.find(';')) != "application/x-www-form-urlencoded") {
    return InvalidArgumentError(
        "expected a form body with Content-Type: application/x-www-form-urlencoded");
  }
  std::optional<std::map<std::string, std::string>> form = ParseFormEncoded(request.body());
  if (!form) return InvalidArgumentError("malformed %-escape in the form body");
  return std::move(*form);
}

Result<std::pair<std::string, std::string>> ReadCredentials(const Request& request) {
  Result<std::map<std::string, std::string>> form = ReadForm(request);
  if (!form.ok()) return form.status();
  auto username = form->find("username");
  auto password = form->find("password");
  if (username == form->end() || password == form->end()) {
    return InvalidArgumentError("the form needs the fields username and password");
  }
  return std::make_pair(username->second, password->second);
}

// Signs in (on a pool thread) and returns a 302 to /chat that sets the cookie.
Response SignInAndRedirect(SharedState& state, const std::string& username,
                           const std::string& password,
                           const std::shared_ptr<UiSession>& previous) {
  Result<std::shared_ptr<UiSession>> session = state.SignIn(username, password);
  if (!session.ok()) return FormError(session.status());
  if (previous) state.EndSession(previous, /*revoke=*/true);

  Response response = RedirectResponse("/chat");
  response.set(http::field::set_cookie, state.SessionCookieFor(**session));
  return response;
}

void HandleRegister(SharedState& state, const Request& request, Respond respond) {
  Result<std::pair<std::string, std::string>> credentials = ReadCredentials(request);
  if (!credentials.ok()) return respond(FormError(credentials.status()));
  std::shared_ptr<UiSession> previous = state.FindSession(request);

  SharedState* shared = &state;
  state.RunGatewayCall(respond, [shared, previous, credentials = std::move(*credentials)] {
    Result<v1::User> user =
        shared->anonymous_client().Register(credentials.first, credentials.second);
    if (!user.ok()) return FormError(user.status());
    spdlog::info("registered user {}", user->user_id());

    return SignInAndRedirect(*shared, credentials.first, credentials.second, previous);
  });
}

void HandleLogin(SharedState& state, const Request& request, Respond respond) {
  Result<std::pair<std::string, std::string>> credentials = ReadCredentials(request);
  if (!credentials.ok()) return respond(FormError(credentials.status()));
  std::shared_ptr<UiSession> previous = state.FindSession(request);

  SharedState* shared = &state;
  state.RunGatewayCall(respond, [shared, previous, credentials = std::move(*credentials)] {
    return SignInAndRedirect(*shared, credentials.first, credentials.second, previous);
  });
}

// Sends to "general", joining first when the session is not known to be a
// member. A PERMISSION_DENIED from the gateway means the user left the room
// elsewhere, so the send joins again and retries once.
Status SendToGeneral(UiSession& session, const std::string& text) {
  DCHAT_RETURN_IF_ERROR(EnsureGeneralJoined(session));
  Result<v1::Message> sent = session.client().Send(std::string(kGeneralRoom), text);
  if (sent.ok() || sent.status().code() != Code::kPermissionDenied) return sent.status();

  session.set_general_joined(false);
  DCHAT_RETURN_IF_ERROR(EnsureGeneralJoined(session));
  return session.client().Send(std::string(kGeneralRoom), text).status();
}

void HandleSend(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = state.FindSession(request);
  if (!session) return respond(FormError(UnauthenticatedError("not signed in; POST /login first")));

  Result<std::map<std::string, std::string>> form = ReadForm(request);
  if (!form.ok()) return respond(FormError(form.status()));
  auto message = form->find("message");
  if (message == form->end()) {
    return respond(FormError(InvalidArgumentError("the form needs the field message")));
  }

  RunSessionCall(state, session, respond, [text = std::move(message->second)](UiSession& session) {
    Status sent = SendToGeneral(session, text);
    return sent.ok() ? NoContentResponse() : FormError(sent);
  });
}

void HandleHistory(SharedState& state, const Request& request, Respond respond) {
  std::shared_ptr<UiSession> session = state.FindSession(request);
  if (!session) return respond(FormError(UnauthenticatedError("not signed in; POST /login first")));

  RunSessionCall(state, session, respond, [](UiSession& session) {
    if (Status joined = EnsureGeneralJoined(session); !joined.ok()) return FormError(joined);
    Result<v1::ListMessagesResponse> page =
        session.client().History(std::string(kGeneralRoom), HistoryQuery{.limit = 50});
    if (!page.ok()) return FormError(page.status());

    nlohmann::json messages = nlohmann::json::array();
    for (const v1::Message& message : page->messages()) {
      messages.push_back({{"sender", message.sender_username()}, {"content", message.text()}});
    }
    return JsonResponse(http::status::ok, messages);
  });
}

void HandleLogout(SharedState& state, const Request& request, Respond respond) {
  if (std::shared_ptr<UiSession> session = state.FindSession(request)) {
    state.EndSession(session, /*revoke=*/true);
    spdlog::info("user {} signed out", session->user().user_id());
  }
  Response response = RedirectResponse("/");
  response.set(http::field::set_cookie, state.ExpiredCookie());
  respond(std::move(response));
}

}  // namespace

bool HandleFormRequest(SharedState& state, const Request& request, std::string_view path,
                       Respond& respond) {
  using Handler = void (*)(SharedState&, const Request&, Respond);
  struct Route {
    std::string_view path;
    http::verb method;
    Handler handler;
  };
  static constexpr Route kRoutes[] = {
      {"/register", http::verb::post, HandleRegister}, {"/login", http::verb::post, HandleLogin},
      {"/send", http::verb::post, HandleSend},         {"/history", http::verb::get, HandleHistory},
      {"/logout", http::verb::get, HandleLogout},
  };
  auto route = std::find_if(std::begin(kRoutes), std::end(kRoutes),
                            [path](const Route& r) { return r.path == path; });
  if (route == std::end(kRoutes)) return false;

  if (request.method() != route->method) {
    std::string allowed(http::to_string(route->method));
    Response response = TextResponse(http::status::method_not_allowed,
                                     "method not allowed here; use " + allowed);
    response.set(http::field::allow, allowed);
    respond(std::move(response));
    return true;
  }

  if (!OriginAllowed(state, request)) {
    respond(FormError(PermissionDeniedError("requests from this origin are not allowed")));
    return true;
  }
  route->handler(state, request, std::move(respond));
  return true;
}

}  // namespace dchat::ui
