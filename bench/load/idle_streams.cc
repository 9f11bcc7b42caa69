#include "load/idle_streams.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "load/call_driver.h"
#include "load/process_stats.h"

namespace dchat::load {
namespace {

using Clock = std::chrono::steady_clock;

// Streams opened but not yet ready at once, so that the gateway's worker
// pool and upstream calls are not flooded.
constexpr int kOpening = 256;

// How long the gateway gets to finish allocating after the last stream is
// ready, before its memory is read.
constexpr std::chrono::seconds kSettle{2};

// The streams of one run and their counters. Stream callbacks run on gRPC
// threads.
class StreamSet {
 public:
  ~StreamSet() {
    closing_ = true;
    for (auto& stream : streams_) stream->Cancel();
    streams_.clear();
  }

  void Add(std::unique_ptr<StreamReader<v1::Event>> stream) {
    streams_.push_back(std::move(stream));
  }

  StreamReader<v1::Event>::MessageCallback OnEvent() {
    return [this](const v1::Event& event) {
      if (!event.has_ready()) return;
      std::lock_guard lock(mutex_);
      ++ready_;
      changed_.notify_all();
    };
  }

  StreamReader<v1::Event>::DoneCallback OnDone() {
    return [this](const Status& status) {
      if (!closing_) ends_.Add(static_cast<grpc::StatusCode>(status.code()));
      std::lock_guard lock(mutex_);
      ++ended_;
      changed_.notify_all();
    };
  }

  // Waits until fewer than `limit` streams are still opening, or until
  // `deadline`; returns false at the deadline.
  bool WaitForOpening(int limit, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] {
      return static_cast<int>(streams_.size()) - ready_ - ended_ < limit;
    });
  }

  int ready() const {
    std::lock_guard lock(mutex_);
    return ready_;
  }

  std::map<std::string, int64_t> ends() const { return ends_.ByName(); }

 private:
  std::vector<std::unique_ptr<StreamReader<v1::Event>>> streams_;
  std::atomic<bool> closing_{false};
  StatusCounts ends_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int ready_ = 0;  // guarded by mutex_
  int ended_ = 0;  // guarded by mutex_
};

}  // namespace

Result<IdleStreamsResult> RunIdleStreams(Fleet& fleet, const LoadOptions& options,
                                         pid_t gateway_pid) {
  IdleStreamsResult result;
  result.requested = options.idle_streams;
  Result<ProcessMemory> before = ReadProcessMemory(gateway_pid);
  if (!before.ok()) return before.status();
  result.rss_before_kb = before->rss_kb;

  // One client per (connection, user): the connection carries the
  // streams, the client the user's token.
  std::map<std::pair<int, int>, std::unique_ptr<GatewayClient>> clients;
  std::vector<std::shared_ptr<grpc::Channel>> connections;
  StreamSet streams;

  const auto start = Clock::now();
  const auto deadline = start + options.duration;
  const int users = static_cast<int>(fleet.clients().size());
  for (int i = 0; i < options.idle_streams; ++i) {
    if (!streams.WaitForOpening(kOpening, deadline)) break;

    const int connection = i / options.streams_per_connection;
    if (connection == static_cast<int>(connections.size())) {
      // Indices above the fleet's keep these connections apart from its.
      connections.push_back(OpenConnection(options.gateway, users + connection));
    }
    const int user = i % users;
    std::unique_ptr<GatewayClient>& client = clients[{connection, user}];
    if (!client) {
      ClientOptions client_options;
      client_options.token = fleet.clients()[user].token;
      client = std::make_unique<GatewayClient>(connections[connection], client_options);
    }
    streams.Add(client->Subscribe(v1::SubscribeRequest(), streams.OnEvent(), streams.OnDone()));
  }
  streams.WaitForOpening(1, deadline);
  result.open_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.opened = streams.ready();
  result.connections = static_cast<int>(connections.size());

  std::this_thread::sleep_for(kSettle);
  Result<ProcessMemory> after = ReadProcessMemory(gateway_pid);
  if (!after.ok()) return after.status();
  result.rss_after_kb = after->rss_kb;
  result.peak_rss_kb = after->peak_rss_kb;
  result.stream_ends = streams.ends();
  return result;
}

}  // namespace dchat::load
