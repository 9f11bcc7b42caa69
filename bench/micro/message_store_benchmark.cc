// The message stores: appending to one room, and reading one history page
// of 100 from a room with many messages, for the in-memory and the SQLite
// back ends.
//
// SQLite appends run at several concurrency levels because the store
// commits the appends that arrive together in one transaction: the more
// callers wait, the more each commit (and its fsync) carries.
#include <map>
#include <memory>
#include <random>

#include <benchmark/benchmark.h>

#include "dchat/storage.h"
#include "micro/benchmark_support.h"

namespace dchat::bench {
namespace {

constexpr int kPageSize = 100;
// Threads that fill a room for the read benchmarks.
constexpr int kFillThreads = 64;

std::unique_ptr<MessageStore> OpenSqlite(const TempFolder& folder) {
  Result<std::unique_ptr<MessageStore>> store =
      OpenSqliteMessageStore(folder.path() / "message.db");
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open the SQLite store: %s\n", store.status().ToString().c_str());
    std::abort();
  }
  return std::move(*store);
}

// Appends from every benchmark thread into one room of `store`. Thread 0
// creates the store before the timed loop and destroys it after, which is
// safe because the loop's start and end are barriers for all threads.
template <class Open>
void Append(benchmark::State& state, Open open) {
  static std::unique_ptr<TempFolder> folder;
  static std::unique_ptr<MessageStore> store;
  if (state.thread_index() == 0) {
    folder = std::make_unique<TempFolder>();
    store = open(*folder);
  }

  const MessageRecord record = SampleRecord("bench", 0);
  for (auto _ : state) {
    Result<MessageRecord> stored = store->Append(record, nullptr);
    if (!stored.ok()) {
      state.SkipWithError(stored.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());

  if (state.thread_index() == 0) {
    store.reset();
    folder.reset();
  }
}

void BM_MemoryStoreAppend(benchmark::State& state) {
  Append(state, [](const TempFolder&) { return NewMemoryMessageStore(); });
}

void BM_SqliteStoreAppend(benchmark::State& state) {
  Append(state, [](const TempFolder& folder) { return OpenSqlite(folder); });
}

// A store whose room "bench" contains `messages` messages, filled on first
// use and kept for the rest of the process.
struct FilledStore {
  std::unique_ptr<TempFolder> folder;
  std::unique_ptr<MessageStore> store;
};

MessageStore& Filled(bool sqlite, int64_t messages) {
  static std::map<std::pair<bool, int64_t>, FilledStore> stores;
  FilledStore& filled = stores[{sqlite, messages}];
  if (!filled.store) {
    filled.folder = std::make_unique<TempFolder>();
    filled.store = sqlite ? OpenSqlite(*filled.folder) : NewMemoryMessageStore();
    FillRoom(*filled.store, "bench", messages, kFillThreads);
  }
  return *filled.store;
}

// Reads pages of 100 that end at random places in the room, as people
// scroll back through history.
void ReadPage(benchmark::State& state, MessageStore& store) {
  const int64_t messages = state.range(0);
  std::minstd_rand random(42);
  std::uniform_int_distribution<int64_t> end(kPageSize, messages);
  for (auto _ : state) {
    Result<MessagePage> page = store.Read("bench", end(random) + 1, 0, kPageSize);
    if (!page.ok() || page->messages.size() != kPageSize) {
      state.SkipWithError("the page read failed or came back short");
      break;
    }
    benchmark::DoNotOptimize(page->messages.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_MemoryStoreReadPage(benchmark::State& state) {
  ReadPage(state, Filled(false, state.range(0)));
}

void BM_SqliteStoreReadPage(benchmark::State& state) {
  ReadPage(state, Filled(true, state.range(0)));
}

BENCHMARK(BM_MemoryStoreAppend);
BENCHMARK(BM_SqliteStoreAppend)->Threads(1)->Threads(8)->Threads(32)->UseRealTime();
BENCHMARK(BM_MemoryStoreReadPage)->Arg(100000);
BENCHMARK(BM_SqliteStoreReadPage)->Arg(100000);

}  // namespace
}  // namespace dchat::bench

BENCHMARK_MAIN();
