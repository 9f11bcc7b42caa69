// A temporary directory for one test, deleted with everything in it when
// the object is destroyed.
//
//   dchat::testing::TempDir dir;
//   auto store = dchat::OpenSqliteMessageStore(dir.path() / "message.db");
#ifndef DCHAT_TESTS_SUPPORT_TEMP_DIR_H_
#define DCHAT_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>

namespace dchat::testing {

class TempDir {
 public:
  // Creates a new, empty directory under the system's temporary directory
  // ($TMPDIR, or /tmp). Aborts the test program when that fails.
  TempDir();
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_TEMP_DIR_H_
