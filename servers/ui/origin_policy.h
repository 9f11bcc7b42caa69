// Which browser origins may use a signed-in session: the WebSocket
// handshake and the form endpoints check the Origin (or Referer) header
// against this policy, so another site cannot act with the user's cookie.
//
// Thread-safe after construction.
#ifndef DCHAT_SERVERS_UI_ORIGIN_POLICY_H_
#define DCHAT_SERVERS_UI_ORIGIN_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "dchat/status.h"

namespace dchat::ui {

class OriginPolicy {
 public:
  // `allowed` holds origins such as "https://chat.example.com". When it is
  // empty the page's own origin is allowed, derived from the request's
  // Host header with the scheme https when `secure` and http otherwise.
  // INVALID_ARGUMENT names an entry that is not an origin.
  static Result<OriginPolicy> Create(const std::vector<std::string>& allowed, bool secure);

  // True when `origin` (an Origin header or a URL) belongs to an allowed
  // origin. `host` is the request's Host header.
  bool Allows(std::string_view origin, std::string_view host) const;

  // The check for requests that may come from plain HTML forms: allowed
  // when the Origin header, or else the Referer header, names an allowed
  // origin, and also when neither header is present (scripts and load
  // tools send none). An Origin of "null" is rejected.
  bool AllowsFormRequest(std::string_view origin_header, std::string_view referer_header,
                         std::string_view host) const;

 private:
  OriginPolicy(std::vector<std::string> allowed, bool secure)
      : allowed_(std::move(allowed)), secure_(secure) {}

  std::vector<std::string> allowed_;  // normalized; empty means "same origin"
  bool secure_ = false;
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_ORIGIN_POLICY_H_
