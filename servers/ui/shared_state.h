// SharedState: what every connection of the ui server shares: options, the
// origin policy, the signed-in sessions and the pool of gateway calls.
//
// Thread-safe. Created once by UiServer and shared by the listener and all
// sessions through a shared_ptr.
#ifndef DCHAT_SERVERS_UI_SHARED_STATE_H_
#define DCHAT_SERVERS_UI_SHARED_STATE_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dchat/status.h"
#include "ui/gateway_call_pool.h"
#include "ui/http_types.h"
#include "ui/origin_policy.h"
#include "ui/session_store.h"
#include "ui/ui_options.h"
#include "ui/ui_session.h"

namespace dchat::ui {

// The cookie that carries the UI session id.
inline constexpr std::string_view kSessionCookieName = "dchat_session";

class SharedState {
 public:
  // INVALID_ARGUMENT for an invalid --allowed-origin.
  static Result<std::shared_ptr<SharedState>> Create(const UiOptions& options);

  const UiOptions& options() const { return options_; }
  const OriginPolicy& origin_policy() const { return origin_policy_; }
  SessionStore& sessions() { return sessions_; }

  // The live session named by the request's cookie, or nullptr.
  std::shared_ptr<UiSession> FindSession(const Request& request);

  // Runs `work` on the gateway call pool and responds with the Response it
  // returns, or with 503 at once when the pool is saturated.
  void RunGatewayCall(Respond respond, std::function<Response()> work);

  // Runs `work` on the gateway call pool; false when the pool is
  // saturated or stopped.
  [[nodiscard]] bool TryRunGatewayWork(std::function<void()> work) {
    return calls_.TryPost(std::move(work));
  }

  // Blocking, for the call pool: connects a Client, logs in, and stores a
  // new UI session. The Set-Cookie value is session_cookie(session).
  Result<std::shared_ptr<UiSession>> SignIn(const std::string& username,
                                            const std::string& password);

  // Removes the session, closes its sockets and, off the caller's thread,
  // stops its stream and revokes its gateway token when `revoke`.
  void EndSession(const std::shared_ptr<UiSession>& session, bool revoke);

  // Set-Cookie values for a new session and for signing out.
  std::string SessionCookieFor(const UiSession& session) const;
  std::string ExpiredCookie() const;

  // Expires idle sessions, ends signed-out ones, and closes streams no page
  // uses. Called periodically.
  void Sweep();

  // Ends every session without revoking tokens, then stops the call pool.
  void Shutdown();

 private:
  SharedState(const UiOptions& options, OriginPolicy origin_policy);
  void StopStreamLater(const std::shared_ptr<UiSession>& session,
                       std::unique_ptr<Subscription> stream);

  const UiOptions options_;
  const OriginPolicy origin_policy_;
  SessionStore sessions_;
  GatewayCallPool calls_;
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_SHARED_STATE_H_
