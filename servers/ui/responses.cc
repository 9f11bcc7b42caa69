#include "ui/responses.h"

#include "ui/json_codec.h"

namespace dchat::ui {
namespace {

// Scripts, styles and connections only from the server itself: no inline
// script can run even if markup were injected. CSP level 3 lets 'self'
// match the page's own ws:// and wss:// origin for the WebSocket.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

}  // namespace

Response JsonResponse(http::status status, const nlohmann::json& body) {
  Response response(status, 11);
  response.set(http::field::content_type, "application/json");
  response.body() = DumpJson(body);
  response.prepare_payload();
  return response;
}

Response NoContentResponse() {
  Response response(http::status::no_content, 11);
  response.prepare_payload();
  return response;
}

Response RedirectResponse(std::string_view location) {
  Response response(http::status::found, 11);
  response.set(http::field::location, location);
  response.prepare_payload();
  return response;
}

Response TextResponse(http::status status, std::string text) {
  Response response(status, 11);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::move(text);
  response.body().push_back('\n');
  response.prepare_payload();
  return response;
}

void AddSecurityHeaders(Response& response) {
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  if (response.find(http::field::cache_control) == response.end()) {
    response.set(http::field::cache_control, "no-store");
  }
}

}  // namespace dchat::ui
