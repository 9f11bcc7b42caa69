// SharedState: what every connection of the ui server shares: options, the
// origin policy, the signed-in sessions and the pool of gateway calls.
//
// Thread-safe. Created once by UiServer and shared by the listener and all
// sessions through a shared_ptr.
#ifndef DCHAT_SERVERS_UI_SHARED_STATE_H_
#define DCHAT_SERVERS_UI_SHARED_STATE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "dchat/status.h"
#include "ui/connection_limiter.h"
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
  ConnectionLimiter& connections() { return connections_; }

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

  // A Client without a session, for calls that need no token (Register).
  // Shared, so that no Client is made and dropped per request.
  Client& anonymous_client() { return *anonymous_client_; }

  // Blocking, for the call pool: connects a Client, logs in, and stores a
  // new UI session. The Set-Cookie value is SessionCookieFor(session).
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

  // Keeps `object` (a Client, or a session that owns one) alive for one to
  // two sweep intervals before it is destroyed on the call pool.
  //
  // NOTE: the SDK's blocking calls return before gRPC has released the
  // call, and destroying the Client's channel in that window aborts the
  // process in gRPC 1.51 (grpc_cq_internal_unref). Until the SDK waits for
  // its calls, no Client is destroyed right after a call.
  void ReleaseLater(std::shared_ptr<void> object);

 private:
  SharedState(const UiOptions& options, OriginPolicy origin_policy,
              std::unique_ptr<Client> anonymous_client);
  void StopStreamLater(const std::shared_ptr<UiSession>& session,
                       std::unique_ptr<Subscription> stream);
  void ReleaseRetired();

  const UiOptions options_;
  const OriginPolicy origin_policy_;
  const std::unique_ptr<Client> anonymous_client_;
  SessionStore sessions_;
  ConnectionLimiter connections_;
  GatewayCallPool calls_;

  std::mutex retire_mutex_;
  // Released at the next sweep, and then at the one after it.
  std::vector<std::shared_ptr<void>> retiring_;  // guarded by retire_mutex_
  std::vector<std::shared_ptr<void>> retired_;   // guarded by retire_mutex_
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_SHARED_STATE_H_
