#include "micro/benchmark_support.h"

#include <stdlib.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include <absl/synchronization/mutex.h>
#include <benchmark/benchmark.h>

#include "services/handler_support.h"

namespace dchat::bench {

MessageRecord SampleRecord(const std::string& room_id, int64_t seq) {
  MessageRecord record;
  record.room_id = room_id;
  record.seq = seq;
  record.sender_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  record.sender_username = "alice";
  record.text = std::string(kTextBytes, 'x');
  record.created_at_us = 1733350000000000 + seq;
  return record;
}

v1::Message SampleMessage(int64_t seq) {
  return services::ToProto(SampleRecord("general", seq));
}

v1::Event SampleEvent(int64_t seq) {
  v1::Event event;
  *event.mutable_message() = SampleMessage(seq);
  return event;
}

TempFolder::TempFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "dchat-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("cannot create a temporary folder for the benchmark");
    std::abort();
  }
  path_ = pattern;
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void FillRoom(MessageStore& store, const std::string& room_id, int64_t count, int threads) {
  std::atomic<int64_t> next{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < threads; ++i) {
    writers.emplace_back([&] {
      MessageRecord record = SampleRecord(room_id, 0);
      while (next.fetch_add(1) < count) {
        Result<MessageRecord> stored = store.Append(record, nullptr);
        if (!stored.ok()) {
          std::fprintf(stderr, "filling room %s failed: %s\n", room_id.c_str(),
                       stored.status().ToString().c_str());
          std::abort();
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
}

int RunBenchmarks(int argc, char** argv, const std::function<void()>& before_exit) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (before_exit) before_exit();
  return 0;
}

}  // namespace dchat::bench
