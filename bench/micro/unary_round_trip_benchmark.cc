// One unary call through the whole SDK stack in one process: a typed
// client, a gRPC channel over loopback TCP, the server runtime (admission,
// the hop to its worker pool, call logging) and a skeleton handler that
// does no work.
#include <memory>
#include <mutex>

#include <benchmark/benchmark.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "dchat/channel.h"
#include "dchat/room_client.h"
#include "dchat/server.h"
#include "dchat/skeletons.h"
#include "micro/benchmark_support.h"

namespace dchat::bench {

// Returns the same room for every request.
class FixedRoomService : public RoomServiceBase {
 public:
  Result<v1::Room> GetRoom(const CallContext&, const v1::GetRoomRequest& request) override {
    v1::Room room;
    room.set_room_id(request.room_id());
    room.set_name(request.room_id());
    room.set_visibility(v1::ROOM_VISIBILITY_PUBLIC);
    room.set_member_count(2);
    return room;
  }
};

// The server and client, shared by every benchmark thread and kept for
// the rest of the process.
struct Stack {
  std::unique_ptr<Server> server;
  std::unique_ptr<RoomClient> client;
};

std::unique_ptr<Stack>& StackSlot() {
  static std::unique_ptr<Stack> stack;
  return stack;
}

Stack& SharedStack() {
  static std::once_flag started;
  std::call_once(started, [] {
    auto created = std::make_unique<Stack>();
    ServerOptions options;
    options.address = "127.0.0.1:0";
    options.logger = std::make_shared<spdlog::logger>(
        "benchmark", std::make_shared<spdlog::sinks::null_sink_mt>());
    auto server = Server::Start(options, {std::make_shared<FixedRoomService>()});
    if (!server.ok()) {
      std::fprintf(stderr, "cannot start the server: %s\n", server.status().ToString().c_str());
      std::abort();
    }
    created->server = std::move(*server);
    auto channel = MakeChannel(created->server->address(), {});
    created->client = std::make_unique<RoomClient>(*channel);
    StackSlot() = std::move(created);
  });
  return *StackSlot();
}

void BM_UnaryRoundTrip(benchmark::State& state) {
  RoomClient& client = *SharedStack().client;
  v1::GetRoomRequest request;
  request.set_room_id("general");
  for (auto _ : state) {
    Result<v1::Room> room = client.GetRoom(request);
    if (!room.ok()) {
      state.SkipWithError(room.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_UnaryRoundTrip)->Threads(1)->Threads(8)->UseRealTime();

}  // namespace dchat::bench

// The server shuts down before main returns, while gRPC is still fully
// alive.
int main(int argc, char** argv) {
  return dchat::bench::RunBenchmarks(argc, argv, [] { dchat::bench::StackSlot().reset(); });
}
