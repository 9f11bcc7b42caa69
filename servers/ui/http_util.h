// Parsing of the parts of HTTP requests the ui server reads: URL
// encoding, query strings, form bodies, cookies and origins.
//
// All functions are pure and thread-safe.
#ifndef DCHAT_SERVERS_UI_HTTP_UTIL_H_
#define DCHAT_SERVERS_UI_HTTP_UTIL_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dchat::ui {

// Decodes %XX escapes, and '+' as a space when `plus_is_space` (as in form
// bodies and query strings). nullopt for a truncated or non-hex escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Parses "a=1&b=x+y" (application/x-www-form-urlencoded, also used by
// query strings). The first value of a repeated name wins. nullopt when an
// escape is malformed.
std::optional<std::map<std::string, std::string>> ParseFormEncoded(std::string_view text);

// A request target split at '?': "/api/rooms?scope=joined" gives path
// "/api/rooms" and query "scope=joined".
struct Target {
  std::string_view path;
  std::string_view query;
};
Target SplitTarget(std::string_view target);

// Splits a path into its non-empty segments, percent-decoded:
// "/api/rooms/general/join" gives {"api", "rooms", "general", "join"}.
// nullopt when a segment has a malformed escape.
std::optional<std::vector<std::string>> SplitPath(std::string_view path);

// Returns the value of cookie `name` in a Cookie header ("a=1; b=2"), or
// nullopt when absent.
std::optional<std::string_view> FindCookie(std::string_view cookie_header,
                                           std::string_view name);

// The Set-Cookie value that stores a UI session id: HttpOnly,
// SameSite=Strict, Path=/, plus Secure when `secure`. Without Max-Age it
// lives as long as the browser session; the server expires it sooner.
std::string SessionCookie(std::string_view name, std::string_view id, bool secure);
// The Set-Cookie value that deletes the session cookie.
std::string ExpiredSessionCookie(std::string_view name, bool secure);

// Reduces an absolute URL or an Origin header value to its origin,
// "scheme://host[:port]", with scheme and host in lower case and the
// scheme's default port dropped. nullopt for anything that is not an http,
// https, ws or wss URL with a host, including the opaque origin "null".
std::optional<std::string> NormalizeOrigin(std::string_view url);

// True when `host` (a Host header) contains only characters valid in a
// host name, an IP literal and a port, so it is safe to echo in headers.
bool IsValidHostHeader(std::string_view host);

// Compares in time that depends only on the lengths, for secrets such as
// CSRF tokens.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Parses a whole decimal integer; nullopt for anything else.
std::optional<long long> ParseInteger(std::string_view text);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_HTTP_UTIL_H_
