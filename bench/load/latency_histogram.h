// LatencyHistogram: a log-bucketed histogram of non-negative values, such
// as latencies in microseconds, in the manner of HdrHistogram.
//
// Values below 256 have a bucket each. Above that, every power of two is
// split into 128 buckets, so a reported percentile is at most 1/128 (0.8%)
// above the recorded value it stands for. The minimum and maximum are kept
// exactly, so p0 and p100 are exact. Memory is fixed (about 36 KB) whatever
// the number of samples.
//
//   LatencyHistogram latency;
//   latency.Record(elapsed_us);
//   int64_t p99 = latency.Percentile(99.0);
//
// Thread safety: Record() may be called from many threads at once; it uses
// relaxed atomic counters. Read the results after the recording threads
// have finished (or accept a snapshot that may miss samples in flight).
#ifndef DCHAT_BENCH_LOAD_LATENCY_HISTOGRAM_H_
#define DCHAT_BENCH_LOAD_LATENCY_HISTOGRAM_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace dchat::load {

// The usual summary of a latency distribution. All zero when empty.
struct LatencySummary {
  int64_t count = 0;
  int64_t min = 0;
  double mean = 0;
  int64_t p50 = 0;
  int64_t p90 = 0;
  int64_t p99 = 0;
  int64_t p999 = 0;
  int64_t max = 0;
};

class LatencyHistogram {
 public:
  // Values above this are recorded as this (about 12.7 days in
  // microseconds).
  static constexpr int64_t kMaxValue = (int64_t{1} << 40) - 1;

  LatencyHistogram();
  LatencyHistogram(const LatencyHistogram&) = delete;
  LatencyHistogram& operator=(const LatencyHistogram&) = delete;

  // Records one sample. Negative values count as 0; values above kMaxValue
  // count as kMaxValue.
  void Record(int64_t value);

  // Adds every sample of `other`.
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_.load(std::memory_order_relaxed); }
  // 0 when empty.
  int64_t min() const;
  int64_t max() const;
  double mean() const;

  // The value that `percentile` percent of the samples are at or below:
  // the sample of rank ceil(percentile / 100 * count), reported as the
  // upper end of its bucket and clamped to [min(), max()]. `percentile`
  // is clamped to [0, 100]; 0 returns min() and 100 returns max(). Returns
  // 0 when empty.
  int64_t Percentile(double percentile) const;

  LatencySummary Summarize() const;

  // The bucket that `value` falls in, and the largest value of a bucket;
  // exposed for tests.
  static size_t BucketIndex(int64_t value);
  static int64_t BucketUpperBound(size_t index);

 private:
  // Values below 2^kLinearBits have their own bucket; each higher power of
  // two is split into 2^(kLinearBits - 1) buckets.
  static constexpr int kLinearBits = 8;
  static constexpr int kMaxBits = 40;
  static constexpr size_t kBucketCount =
      (size_t{1} << kLinearBits) +
      (kMaxBits - kLinearBits) * (size_t{1} << (kLinearBits - 1));

  std::array<std::atomic<int64_t>, kBucketCount> buckets_;
  std::atomic<int64_t> count_{0};
  std::atomic<int64_t> sum_{0};
  std::atomic<int64_t> min_;
  std::atomic<int64_t> max_{0};
};

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_LATENCY_HISTOGRAM_H_
