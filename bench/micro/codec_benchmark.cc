// Protobuf encoding and decoding of the two records on the hot path: the
// v1::Message that the message service returns, and the v1::Event that
// carries it to each gateway follower.
#include <string>

#include <benchmark/benchmark.h>

#include "micro/benchmark_support.h"

namespace dchat::bench {
namespace {

template <class Proto>
void Encode(benchmark::State& state, const Proto& proto) {
  // One reused buffer, as gRPC's serializer reuses its slices.
  std::string wire;
  for (auto _ : state) {
    wire.clear();
    proto.SerializeToString(&wire);
    benchmark::DoNotOptimize(wire.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(wire.size()));
}

template <class Proto>
void Decode(benchmark::State& state, const Proto& proto) {
  const std::string wire = proto.SerializeAsString();
  Proto decoded;
  for (auto _ : state) {
    decoded.ParseFromString(wire);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(wire.size()));
}

void BM_EncodeMessage(benchmark::State& state) { Encode(state, SampleMessage(123456)); }
void BM_DecodeMessage(benchmark::State& state) { Decode(state, SampleMessage(123456)); }
void BM_EncodeEvent(benchmark::State& state) { Encode(state, SampleEvent(123456)); }
void BM_DecodeEvent(benchmark::State& state) { Decode(state, SampleEvent(123456)); }

BENCHMARK(BM_EncodeMessage);
BENCHMARK(BM_DecodeMessage);
BENCHMARK(BM_EncodeEvent);
BENCHMARK(BM_DecodeEvent);

}  // namespace
}  // namespace dchat::bench

BENCHMARK_MAIN();
