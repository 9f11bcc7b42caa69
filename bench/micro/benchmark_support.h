// Helpers shared by the microbenchmarks: sample records and a temporary
// folder.
#ifndef DCHAT_BENCH_MICRO_BENCHMARK_SUPPORT_H_
#define DCHAT_BENCH_MICRO_BENCHMARK_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "dchat/storage.h"
#include "dchat/v1/gateway.pb.h"

namespace dchat::bench {

// The size of a typical chat line, and of the load tool's default
// messages, in bytes.
inline constexpr size_t kTextBytes = 40;

// A message as the message service stores it, with realistic field sizes:
// a 36-character user id and a 40-byte text.
MessageRecord SampleRecord(const std::string& room_id, int64_t seq);
v1::Message SampleMessage(int64_t seq);
// The event a gateway follower receives for SampleMessage(seq).
v1::Event SampleEvent(int64_t seq);

// A new empty folder under the system's temporary folder, removed with its
// contents on destruction. Aborts when it cannot be created.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Appends `count` messages to `room_id` from `threads` threads at once, so
// that the SQLite store commits them in large batches.
void FillRoom(MessageStore& store, const std::string& room_id, int64_t count, int threads);

// Runs the registered benchmarks as BENCHMARK_MAIN does, with Abseil's
// lock-order checking off as in the servers (Debian's Abseil checks every
// gRPC lock otherwise). `before_exit` runs after the benchmarks, while gRPC
// is still fully alive, to end servers and streams the benchmarks kept.
int RunBenchmarks(int argc, char** argv, const std::function<void()>& before_exit = {});

}  // namespace dchat::bench

#endif  // DCHAT_BENCH_MICRO_BENCHMARK_SUPPORT_H_
