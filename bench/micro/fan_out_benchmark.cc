// Fan-out of one message to N live subscribers (N = 1, 100, 1000): the
// reference message service over the in-memory store, hosted on a
// dchat::Server, with N MessageService.Subscribe streams open from one
// client connection. Each iteration appends one message and waits until
// every subscriber has received it.
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <benchmark/benchmark.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "dchat/channel.h"
#include "dchat/message_client.h"
#include "dchat/reference_services.h"
#include "dchat/server.h"
#include "micro/benchmark_support.h"

namespace dchat::bench {

constexpr char kRoom[] = "bench";

// A message service with `subscribers` open streams on room kRoom, and a
// count of the messages they have received.
class FanOut {
 public:
  explicit FanOut(int subscribers) {
    ServerOptions options;
    options.address = "127.0.0.1:0";
    options.logger = std::make_shared<spdlog::logger>(
        "benchmark", std::make_shared<spdlog::sinks::null_sink_mt>());
    auto server = Server::Start(options, {NewMessageService(NewMemoryMessageStore())});
    if (!server.ok()) Fail("cannot start the message service", server.status());
    server_ = std::move(*server);
    client_ = std::make_unique<MessageClient>(*MakeChannel(server_->address(), {}));

    v1::SubscribeMessagesRequest request;
    v1::RoomCursor* cursor = request.add_cursors();
    cursor->set_room_id(kRoom);
    cursor->set_after_seq(0);
    for (int i = 0; i < subscribers; ++i) {
      streams_.push_back(client_->Subscribe(
          request, [this](const v1::Message&) { OnDelivered(); }, nullptr));
    }

    // Every stream has its backlog (the first message) once this returns,
    // so all are live.
    SendAndWait();
  }

  ~FanOut() {
    for (auto& stream : streams_) stream->Cancel();
    streams_.clear();
  }

  // Appends one message and waits until every stream has received it.
  void SendAndWait() {
    const int64_t target = delivered_.load() + static_cast<int64_t>(streams_.size());
    target_.store(target);
    v1::SendMessageRequest send;
    send.set_room_id(kRoom);
    send.set_text(std::string(kTextBytes, 'x'));
    CallOptions actor;
    actor.actor_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    actor.actor_name = "alice";
    Result<v1::Message> sent = client_->AppendMessage(send, actor);
    if (!sent.ok()) Fail("append failed", sent.status());

    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(30),
                           [&] { return delivered_.load() >= target; })) {
      Fail("deliveries timed out", DeadlineExceededError("30 s"));
    }
  }

 private:
  [[noreturn]] static void Fail(const char* what, const Status& status) {
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
    std::abort();
  }

  void OnDelivered() {
    if (delivered_.fetch_add(1) + 1 == target_.load()) {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    }
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<MessageClient> client_;
  std::vector<std::unique_ptr<StreamReader<v1::Message>>> streams_;
  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> target_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
};

// Google Benchmark calls the function several times per argument while it
// sizes the run, so each set-up is made once and kept.
std::map<int, std::unique_ptr<FanOut>>& FanOuts() {
  static std::map<int, std::unique_ptr<FanOut>> fan_outs;
  return fan_outs;
}

FanOut& SharedFanOut(int subscribers) {
  std::unique_ptr<FanOut>& fan_out = FanOuts()[subscribers];
  if (!fan_out) fan_out = std::make_unique<FanOut>(subscribers);
  return *fan_out;
}

void BM_FanOut(benchmark::State& state) {
  FanOut& fan_out = SharedFanOut(static_cast<int>(state.range(0)));
  for (auto _ : state) fan_out.SendAndWait();
  // Items are deliveries: one per subscriber per message.
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_FanOut)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace dchat::bench

// The servers and streams end before main returns, while gRPC is still
// fully alive.
int main(int argc, char** argv) {
  return dchat::bench::RunBenchmarks(argc, argv, [] { dchat::bench::FanOuts().clear(); });
}
