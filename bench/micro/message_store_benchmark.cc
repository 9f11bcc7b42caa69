// The message stores: appending to one room, and reading one history page
// of 100 from a room with many messages, for the in-memory and the SQLite
// back ends, and for PostgreSQL when DCHAT_BENCH_POSTGRES contains the libpq
// connection string of a database to use (bench/with_postgres.sh starts a
// private server and sets it).
//
// SQLite appends run at several concurrency levels because the store
// commits the appends that arrive together in one transaction: the more
// callers wait, the more each commit (and its fsync) carries.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "dchat/postgres_storage.h"
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

// The PostgreSQL database to benchmark, or null when none is given.
const char* PostgresConninfo() { return std::getenv("DCHAT_BENCH_POSTGRES"); }

std::unique_ptr<MessageStore> OpenPostgres() {
  Result<std::unique_ptr<MessageStore>> store = OpenPostgresMessageStore(PostgresConninfo());
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open the PostgreSQL store: %s\n", store.status().ToString().c_str());
    std::abort();
  }
  return std::move(*store);
}

// A room name no earlier run used, because a PostgreSQL database keeps its
// rooms between runs.
std::string FreshRoom() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return "bench-" + std::to_string(getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

// Appends from every benchmark thread into one room of `store`. Thread 0
// creates the store before the timed loop and destroys it after, which is
// safe because the loop's start and end are barriers for all threads.
template <class Open>
void Append(benchmark::State& state, Open open) {
  static std::unique_ptr<TempFolder> folder;
  static std::unique_ptr<MessageStore> store;
  static std::string room;
  if (state.thread_index() == 0) {
    folder = std::make_unique<TempFolder>();
    store = open(*folder);
    room = FreshRoom();
  }

  const MessageRecord record = SampleRecord(room, 0);
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

void BM_PostgresStoreAppend(benchmark::State& state) {
  Append(state, [](const TempFolder&) { return OpenPostgres(); });
}

enum class Backend { kMemory, kSqlite, kPostgres };

// A store with one room of `messages` messages, filled on first use and
// kept for the rest of the process.
struct FilledStore {
  std::unique_ptr<TempFolder> folder;
  std::unique_ptr<MessageStore> store;
  std::string room;
};

std::unique_ptr<MessageStore> OpenBackend(Backend backend, const TempFolder& folder) {
  switch (backend) {
    case Backend::kMemory:
      return NewMemoryMessageStore();
    case Backend::kSqlite:
      return OpenSqlite(folder);
    case Backend::kPostgres:
      return OpenPostgres();
  }
  std::abort();
}

const FilledStore& Filled(Backend backend, int64_t messages) {
  static std::map<std::pair<Backend, int64_t>, FilledStore> stores;
  FilledStore& filled = stores[{backend, messages}];
  if (!filled.store) {
    filled.folder = std::make_unique<TempFolder>();
    filled.store = OpenBackend(backend, *filled.folder);
    filled.room = FreshRoom();
    FillRoom(*filled.store, filled.room, messages, kFillThreads);
  }
  return filled;
}

// Reads pages of 100 that end at random places in the room, as people
// scroll back through history.
void ReadPage(benchmark::State& state, const FilledStore& filled) {
  const int64_t messages = state.range(0);
  std::minstd_rand random(42);
  std::uniform_int_distribution<int64_t> end(kPageSize, messages);
  for (auto _ : state) {
    Result<MessagePage> page = filled.store->Read(filled.room, end(random) + 1, 0, kPageSize);
    if (!page.ok() || page->messages.size() != kPageSize) {
      state.SkipWithError("the page read failed or came back short");
      break;
    }
    benchmark::DoNotOptimize(page->messages.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_MemoryStoreReadPage(benchmark::State& state) {
  ReadPage(state, Filled(Backend::kMemory, state.range(0)));
}

void BM_SqliteStoreReadPage(benchmark::State& state) {
  ReadPage(state, Filled(Backend::kSqlite, state.range(0)));
}

void BM_PostgresStoreReadPage(benchmark::State& state) {
  ReadPage(state, Filled(Backend::kPostgres, state.range(0)));
}

BENCHMARK(BM_MemoryStoreAppend);
BENCHMARK(BM_SqliteStoreAppend)->Threads(1)->Threads(8)->Threads(32)->UseRealTime();
BENCHMARK(BM_MemoryStoreReadPage)->Arg(100000);
BENCHMARK(BM_SqliteStoreReadPage)->Arg(100000);

// Registers the PostgreSQL benchmarks when a database is given.
void RegisterPostgresBenchmarks() {
  if (PostgresConninfo() == nullptr) return;
  benchmark::RegisterBenchmark("BM_PostgresStoreAppend", BM_PostgresStoreAppend)
      ->Threads(1)->Threads(8)->Threads(32)->UseRealTime();
  benchmark::RegisterBenchmark("BM_PostgresStoreReadPage", BM_PostgresStoreReadPage)->Arg(100000);
}

}  // namespace
}  // namespace dchat::bench

int main(int argc, char** argv) {
  dchat::bench::RegisterPostgresBenchmarks();
  return dchat::bench::RunBenchmarks(argc, argv);
}
