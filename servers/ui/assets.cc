#include "ui/assets.h"

#include <cstdint>
#include <cstdio>
#include <map>

namespace dchat::ui {
namespace {

std::string_view ContentTypeOf(std::string_view name) {
  auto ends_with = [name](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

// 64-bit FNV-1a: enough to tell versions of a file apart, not a security
// measure.
std::string EtagOf(std::string_view content) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : content) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  char etag[24];
  std::snprintf(etag, sizeof(etag), "\"%016llx\"", static_cast<unsigned long long>(hash));
  return etag;
}

const std::map<std::string_view, Asset>& AssetTable() {
  static const auto* table = [] {
    auto* assets = new std::map<std::string_view, Asset>();
    for (size_t i = 0; i < kEmbeddedFileCount; ++i) {
      const EmbeddedFile& file = kEmbeddedFiles[i];
      assets->emplace(file.name,
                      Asset{file.content, ContentTypeOf(file.name), EtagOf(file.content)});
    }
    return assets;
  }();
  return *table;
}

}  // namespace

const Asset* FindAsset(std::string_view name) {
  const auto& table = AssetTable();
  auto found = table.find(name);
  return found == table.end() ? nullptr : &found->second;
}

}  // namespace dchat::ui
