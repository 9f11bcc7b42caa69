// dchat-bench-fill: appends many messages to one room of a message
// database, for the history benchmark. Run it before dchat-message opens
// the same folder: the message service assumes it is the only writer.
//
//   dchat-bench-fill --data-dir /tmp/dchat-data --room history --messages 1000000
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "dchat/storage.h"

int main(int argc, char** argv) {
  CLI::App app("dchat-bench-fill: appends messages to one room of a message database (the "
               "message.db of a --data-dir), so that history reads can be measured on a "
               "large room. Stop dchat-message on that folder first.");
  std::string data_dir;
  std::string room = "history";
  int64_t messages = 1000000;
  int threads = 128;
  size_t text_bytes = 40;
  app.add_option("--data-dir", data_dir, "Folder of message.db, created when missing")
      ->required();
  app.add_option("--room", room, "Room id to fill, in lower case")->capture_default_str();
  app.add_option("--messages", messages, "Messages to append")
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}))
      ->capture_default_str();
  app.add_option("--threads", threads,
                 "Appending threads; the store commits what they send together in one "
                 "transaction")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--text-bytes", text_bytes, "Bytes of each message text")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    std::fprintf(stderr, "cannot create %s: %s\n", data_dir.c_str(), error.message().c_str());
    return 1;
  }
  const std::filesystem::path file = std::filesystem::path(data_dir) / "message.db";
  auto store = dchat::OpenSqliteMessageStore(file);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", file.c_str(), store.status().ToString().c_str());
    return 1;
  }

  dchat::MessageRecord record;
  record.room_id = room;
  record.sender_id = "00000000-0000-4000-8000-000000000000";
  record.sender_username = "filler";
  record.text = std::string(text_bytes, 'h');

  const auto start = std::chrono::steady_clock::now();
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> last_seq{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int i = 0; i < threads; ++i) {
    writers.emplace_back([&] {
      while (!failed && next.fetch_add(1) < messages) {
        auto stored = (*store)->Append(record, nullptr);
        if (!stored.ok()) {
          std::fprintf(stderr, "append failed: %s\n", stored.status().ToString().c_str());
          failed = true;
          return;
        }
        int64_t seen = last_seq.load();
        while (stored->seq > seen && !last_seq.compare_exchange_weak(seen, stored->seq)) {
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  if (failed) return 1;

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("room %s in %s now ends at sequence %lld (%lld appended in %.1f s)\n", room.c_str(),
              file.c_str(), static_cast<long long>(last_seq.load()),
              static_cast<long long>(messages), seconds);
  return 0;
}
