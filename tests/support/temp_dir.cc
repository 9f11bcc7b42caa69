#include "support/temp_dir.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>

namespace dchat::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "dchat-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror(("cannot create a temporary directory from " + pattern).c_str());
    std::abort();
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  // A directory left behind is harmless, so errors are ignored.
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace dchat::testing
