// The page's files (HTML, CSS, JavaScript, icon), compiled into the binary
// from servers/ui/assets by embed_assets.cmake.
#ifndef DCHAT_SERVERS_UI_ASSETS_H_
#define DCHAT_SERVERS_UI_ASSETS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dchat::ui {

// One embedded file, by its name inside servers/ui/assets.
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

// Defined in the generated assets_data.cc.
extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

struct Asset {
  std::string_view content;
  std::string_view content_type;
  // A strong validator for If-None-Match: a hash of the content.
  std::string etag;
};

// Returns the asset named `name` ("index.html", "app.js"), or nullptr.
// Thread-safe.
const Asset* FindAsset(std::string_view name);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_ASSETS_H_
