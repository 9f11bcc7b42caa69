#include "ui/origin_policy.h"

#include <algorithm>
#include <optional>

#include "ui/http_util.h"

namespace dchat::ui {

Result<OriginPolicy> OriginPolicy::Create(const std::vector<std::string>& allowed, bool secure) {
  std::vector<std::string> normalized;
  for (const std::string& entry : allowed) {
    std::optional<std::string> origin = NormalizeOrigin(entry);
    if (!origin || (entry.find('/', entry.find("://") + 3) != std::string::npos)) {
      return InvalidArgumentError("invalid --allowed-origin '" + entry +
                                  "': expected scheme://host[:port], such as "
                                  "https://chat.example.com");
    }
    normalized.push_back(std::move(*origin));
  }
  return OriginPolicy(std::move(normalized), secure);
}

bool OriginPolicy::Allows(std::string_view origin, std::string_view host) const {
  std::optional<std::string> normalized = NormalizeOrigin(origin);
  if (!normalized) return false;

  if (!allowed_.empty()) {
    return std::find(allowed_.begin(), allowed_.end(), *normalized) != allowed_.end();
  }

  if (!IsValidHostHeader(host)) return false;
  std::optional<std::string> own =
      NormalizeOrigin(std::string(secure_ ? "https://" : "http://") + std::string(host));
  return own && *own == *normalized;
}

bool OriginPolicy::AllowsFormRequest(std::string_view origin_header,
                                     std::string_view referer_header,
                                     std::string_view host) const {
  if (!origin_header.empty()) return Allows(origin_header, host);
  if (!referer_header.empty()) return Allows(referer_header, host);
  return true;
}

}  // namespace dchat::ui
