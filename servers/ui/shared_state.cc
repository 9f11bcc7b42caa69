#include "ui/shared_state.h"

#include <spdlog/spdlog.h>

#include "ui/http_errors.h"
#include "ui/http_util.h"
#include "ui/random_token.h"

namespace dchat::ui {

Result<std::shared_ptr<SharedState>> SharedState::Create(const UiOptions& options) {
  Result<OriginPolicy> policy = OriginPolicy::Create(options.allowed_origins,
                                                     options.secure_cookies);
  if (!policy.ok()) return policy.status();

  // Connect() only opens a lazy channel, so a gateway that is down does not
  // stop the ui server from starting.
  Result<std::unique_ptr<Client>> anonymous = Client::Connect(options.gateway);
  if (!anonymous.ok()) return anonymous.status();
  return std::shared_ptr<SharedState>(
      new SharedState(options, std::move(*policy), std::move(*anonymous)));
}

SharedState::SharedState(const UiOptions& options, OriginPolicy origin_policy,
                         std::unique_ptr<Client> anonymous_client)
    : options_(options),
      origin_policy_(std::move(origin_policy)),
      anonymous_client_(std::move(anonymous_client)),
      sessions_(options.session_ttl, options.max_sessions),
      connections_(options.max_connections),
      calls_(options.gateway_threads, options.max_pending_calls) {}

std::shared_ptr<UiSession> SharedState::FindSession(const Request& request) {
  auto cookie_header = request.find(http::field::cookie);
  if (cookie_header == request.end()) return nullptr;

  std::string_view header(cookie_header->value().data(), cookie_header->value().size());
  std::optional<std::string_view> id = FindCookie(header, kSessionCookieName);
  if (!id || id->empty()) return nullptr;
  return sessions_.Find(*id, UiSession::Clock::now());
}

void SharedState::RunGatewayCall(Respond respond, std::function<Response()> work) {
  bool queued = calls_.TryPost([respond, work = std::move(work)] { respond(work()); });
  if (!queued) {
    spdlog::warn("rejected a request: {} gateway calls are pending",
                 options_.max_pending_calls);
    respond(ErrorResponse(UnavailableError("the ui server is busy; try again shortly")));
  }
}

Result<std::shared_ptr<UiSession>> SharedState::SignIn(const std::string& username,
                                                      const std::string& password) {
  Result<std::unique_ptr<Client>> client = Client::Connect(options_.gateway);
  if (!client.ok()) return client.status();

  Result<v1::LoginResponse> login = (*client)->Login(username, password);
  if (!login.ok()) {
    ReleaseLater(std::shared_ptr<Client>(std::move(*client)));
    return login.status();
  }

  Result<std::string> id = RandomToken256();
  Result<std::string> csrf = RandomToken256();
  if (!id.ok() || !csrf.ok()) {
    (void)(*client)->Logout();
    ReleaseLater(std::shared_ptr<Client>(std::move(*client)));
    return id.ok() ? csrf.status() : id.status();
  }

  auto session = std::make_shared<UiSession>(std::move(*id), std::move(*csrf), login->user(),
                                             std::move(*client), UiSession::Clock::now());
  if (Status added = sessions_.Add(session); !added.ok()) {
    (void)session->client().Logout();
    ReleaseLater(session);
    return added;
  }
  spdlog::info("user {} signed in", session->user().user_id());
  return session;
}

void SharedState::EndSession(const std::shared_ptr<UiSession>& session, bool revoke) {
  sessions_.Remove(session->id());
  std::unique_ptr<Subscription> stream = session->End(/*signed_out=*/true);

  // The lambda keeps the session alive until the stream has stopped, so
  // the Client outlives its Subscription.
  std::shared_ptr<Subscription> shared_stream = std::move(stream);
  calls_.Post([this, session, shared_stream, revoke] {
    if (shared_stream) shared_stream->Stop();
    if (revoke) {
      if (Status status = session->client().Logout(); !status.ok()) {
        spdlog::warn("revoking the token of user {} failed: {}", session->user().user_id(),
                     status.ToString());
      }
    }
    ReleaseLater(session);
  });
}

void SharedState::ReleaseLater(std::shared_ptr<void> object) {
  std::lock_guard lock(retire_mutex_);
  retiring_.push_back(std::move(object));
}

void SharedState::ReleaseRetired() {
  auto released = std::make_shared<std::vector<std::shared_ptr<void>>>();
  {
    std::lock_guard lock(retire_mutex_);
    released->swap(retired_);
    retired_.swap(retiring_);
  }
  if (released->empty()) return;

  // Destroying a Client closes its channel, which may block briefly: not on
  // an I/O thread.
  calls_.Post([released] { released->clear(); });
}

std::string SharedState::SessionCookieFor(const UiSession& session) const {
  return SessionCookie(kSessionCookieName, session.id(), options_.secure_cookies);
}

std::string SharedState::ExpiredCookie() const {
  return ExpiredSessionCookie(kSessionCookieName, options_.secure_cookies);
}

void SharedState::StopStreamLater(const std::shared_ptr<UiSession>& session,
                                  std::unique_ptr<Subscription> stream) {
  std::shared_ptr<Subscription> shared_stream = std::move(stream);
  calls_.Post([session, shared_stream] { shared_stream->Stop(); });
}

void SharedState::Sweep() {
  UiSession::Clock::time_point now = UiSession::Clock::now();
  ReleaseRetired();

  for (const std::shared_ptr<UiSession>& session : sessions_.RemoveExpired(now)) {
    spdlog::info("session of user {} expired", session->user().user_id());
    EndSession(session, /*revoke=*/true);
  }

  for (const std::shared_ptr<UiSession>& session : sessions_.All()) {
    if (session->health() == UiSession::Health::kSignedOut) {
      spdlog::info("gateway signed out user {}; ending the session",
                   session->user().user_id());
      EndSession(session, /*revoke=*/false);
      continue;
    }
    if (std::unique_ptr<Subscription> stream =
            session->TakeUnusedStream(now, options_.stream_grace)) {
      StopStreamLater(session, std::move(stream));
    }
  }
}

void SharedState::Shutdown() {
  std::vector<std::shared_ptr<UiSession>> sessions = sessions_.RemoveAll();
  for (const std::shared_ptr<UiSession>& session : sessions) {
    std::unique_ptr<Subscription> stream = session->End(/*signed_out=*/false);
    if (stream) stream->Stop();
  }
  calls_.Stop();

  // The sessions' Clients go last, after every call has ended.
  std::lock_guard lock(retire_mutex_);
  retiring_.clear();
  retired_.clear();
}

}  // namespace dchat::ui
