// Builders of the responses the ui server sends, and the security headers
// every one of them carries.
#ifndef DCHAT_SERVERS_UI_RESPONSES_H_
#define DCHAT_SERVERS_UI_RESPONSES_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ui/http_types.h"

namespace dchat::ui {

Response JsonResponse(http::status status, const nlohmann::json& body);
Response NoContentResponse();
// A 302 to `location`, the success response of the form endpoints.
Response RedirectResponse(std::string_view location);
Response TextResponse(http::status status, std::string text);

// Sets Content-Security-Policy, X-Content-Type-Options, X-Frame-Options and
// Referrer-Policy, and Cache-Control: no-store unless the response set its
// own Cache-Control.
void AddSecurityHeaders(Response& response);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_RESPONSES_H_
