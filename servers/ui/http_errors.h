// The one mapping from SDK status codes to HTTP responses, and the JSON
// error body every API error uses:
//
//   {"error": {"code": "NOT_FOUND", "message": "room 'x' does not exist"}}
#ifndef DCHAT_SERVERS_UI_HTTP_ERRORS_H_
#define DCHAT_SERVERS_UI_HTTP_ERRORS_H_

#include <string>

#include "dchat/status.h"
#include "ui/http_types.h"

namespace dchat::ui {

// 400 for invalid input, 401 for a missing or expired sign-in, 403 for a
// refused permission, 404, 409 for conflicts, 429 for exhausted limits,
// 503 for a gateway that is down or a call cancelled, 504 for a deadline,
// and 500 for everything else.
http::status HttpStatusFor(Code code);

// The JSON error body of `status`. Internal failures get a generic
// message, so server details never reach the browser.
std::string ErrorJson(const Status& status);

// A complete JSON error response for `status`. The caller sets version
// and keep-alive.
Response ErrorResponse(const Status& status);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_HTTP_ERRORS_H_
