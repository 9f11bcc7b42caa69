// The form endpoints kept for scripts written against the earlier Flask UI:
//
//   POST /register, POST /login   form fields username, password;
//                                 302 to /chat with the session cookie
//   POST /send                    form field message; posts to "general"
//                                 (joining it when needed); 204
//   GET  /history                 JSON [{"sender", "content"}], the 50
//                                 newest messages of "general", oldest first
//   GET  /logout                  ends the session; 302 to /
//
// They use the session cookie but no CSRF token: instead the Origin header,
// or else the Referer, must name an allowed origin when present.
#ifndef DCHAT_SERVERS_UI_FORM_ROUTES_H_
#define DCHAT_SERVERS_UI_FORM_ROUTES_H_

#include <string_view>

#include "ui/http_types.h"
#include "ui/shared_state.h"

namespace dchat::ui {

// Handles `path` when it is a form endpoint and returns true; false leaves
// the request to the caller.
bool HandleFormRequest(SharedState& state, const Request& request, std::string_view path,
                       Respond& respond);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_FORM_ROUTES_H_
