#include "ui/router.h"

#include "ui/api_routes.h"
#include "ui/assets.h"
#include "ui/form_routes.h"
#include "ui/http_errors.h"
#include "ui/http_util.h"
#include "ui/responses.h"
#include "ui/route_support.h"

namespace dchat::ui {
namespace {

// Serves an embedded file, or 304 when the browser's copy is current.
Response AssetResponse(const Request& request, const Asset& asset) {
  bool head = request.method() == http::verb::head;
  if (HeaderValue(request, http::field::if_none_match) == asset.etag) {
    Response response(http::status::not_modified, 11);
    response.set(http::field::etag, asset.etag);
    response.set(http::field::cache_control, "no-cache");
    return response;
  }

  Response response(http::status::ok, 11);
  response.set(http::field::content_type, asset.content_type);
  response.set(http::field::etag, asset.etag);
  // Revalidate on every load, so a new server version takes effect at once.
  response.set(http::field::cache_control, "no-cache");
  response.body() = std::string(asset.content);
  response.prepare_payload();
  if (head) response.body().clear();
  return response;
}

// Maps a page path to its embedded file name; "" for other paths.
std::string_view AssetNameFor(std::string_view path) {
  if (path == "/" || path == "/chat" || path == "/index.html") return "index.html";
  constexpr std::string_view kStatic = "/static/";
  if (path.substr(0, kStatic.size()) == kStatic) return path.substr(kStatic.size());
  return {};
}

}  // namespace

void RouteRequest(SharedState& state, Request request, Respond respond) {
  std::string_view target(request.target().data(), request.target().size());
  std::string_view path = SplitTarget(target).path;

  if (HandleFormRequest(state, request, path, respond)) return;

  if (path == "/api" || path.substr(0, 5) == "/api/") {
    std::optional<std::vector<std::string>> segments = SplitPath(path);
    if (!segments) return respond(ErrorResponse(InvalidArgumentError("malformed %-escape in the path")));
    return HandleApiRequest(state, std::move(request), *segments, std::move(respond));
  }

  if (path == "/healthz") return respond(JsonResponse(http::status::ok, {{"status", "ok"}}));

  std::string_view asset_name = AssetNameFor(path);
  const Asset* asset = asset_name.empty() ? nullptr : FindAsset(asset_name);
  if (asset != nullptr) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      Response response = TextResponse(http::status::method_not_allowed, "use GET");
      response.set(http::field::allow, "GET, HEAD");
      return respond(std::move(response));
    }
    return respond(AssetResponse(request, *asset));
  }

  respond(TextResponse(http::status::not_found, "not found"));
}

}  // namespace dchat::ui
