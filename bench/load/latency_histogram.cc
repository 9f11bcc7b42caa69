#include "load/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace dchat::load {
namespace {

// Lowers `target` to `value` when smaller, and raises it when larger, with
// compare-and-swap loops so that concurrent recorders never lose an update.
void StoreMin(std::atomic<int64_t>& target, int64_t value) {
  int64_t current = target.load(std::memory_order_relaxed);
  while (value < current &&
         !target.compare_exchange_weak(current, value, std::memory_order_relaxed)) {
  }
}

void StoreMax(std::atomic<int64_t>& target, int64_t value) {
  int64_t current = target.load(std::memory_order_relaxed);
  while (value > current &&
         !target.compare_exchange_weak(current, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

LatencyHistogram::LatencyHistogram() : min_(std::numeric_limits<int64_t>::max()) {
  for (auto& bucket : buckets_) bucket.store(0, std::memory_order_relaxed);
}

size_t LatencyHistogram::BucketIndex(int64_t value) {
  value = std::clamp<int64_t>(value, 0, kMaxValue);
  constexpr int64_t kLinearLimit = int64_t{1} << kLinearBits;
  if (value < kLinearLimit) return static_cast<size_t>(value);

  // `shift` drops all but the top kLinearBits bits, so the kept part lies
  // in [2^(kLinearBits - 1), 2^kLinearBits).
  const int top_bit = std::bit_width(static_cast<uint64_t>(value)) - 1;
  const int shift = top_bit - (kLinearBits - 1);
  constexpr int64_t kHalf = kLinearLimit / 2;
  const int64_t sub_bucket = (value >> shift) - kHalf;
  return static_cast<size_t>(kLinearLimit + (shift - 1) * kHalf + sub_bucket);
}

int64_t LatencyHistogram::BucketUpperBound(size_t index) {
  constexpr int64_t kLinearLimit = int64_t{1} << kLinearBits;
  if (index < static_cast<size_t>(kLinearLimit)) return static_cast<int64_t>(index);

  constexpr int64_t kHalf = kLinearLimit / 2;
  const int64_t offset = static_cast<int64_t>(index) - kLinearLimit;
  const int shift = static_cast<int>(offset / kHalf) + 1;
  const int64_t lower = (kHalf + offset % kHalf) << shift;
  return lower + (int64_t{1} << shift) - 1;
}

void LatencyHistogram::Record(int64_t value) {
  value = std::clamp<int64_t>(value, 0, kMaxValue);
  buckets_[BucketIndex(value)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  StoreMin(min_, value);
  StoreMax(max_, value);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count() == 0) return;
  for (size_t i = 0; i < kBucketCount; ++i) {
    buckets_[i].fetch_add(other.buckets_[i].load(std::memory_order_relaxed),
                          std::memory_order_relaxed);
  }
  sum_.fetch_add(other.sum_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  StoreMin(min_, other.min());
  StoreMax(max_, other.max());
  count_.fetch_add(other.count(), std::memory_order_relaxed);
}

int64_t LatencyHistogram::min() const {
  return count() == 0 ? 0 : min_.load(std::memory_order_relaxed);
}

int64_t LatencyHistogram::max() const {
  return count() == 0 ? 0 : max_.load(std::memory_order_relaxed);
}

double LatencyHistogram::mean() const {
  const int64_t samples = count();
  if (samples == 0) return 0;
  return static_cast<double>(sum_.load(std::memory_order_relaxed)) / static_cast<double>(samples);
}

int64_t LatencyHistogram::Percentile(double percentile) const {
  // The bucket total, not count(), so that a snapshot taken while other
  // threads record stays consistent with the buckets it walks.
  int64_t total = 0;
  for (const auto& bucket : buckets_) total += bucket.load(std::memory_order_relaxed);
  if (total == 0) return 0;

  percentile = std::clamp(percentile, 0.0, 100.0);
  if (percentile == 0.0) return min();
  if (percentile == 100.0) return max();

  // The small allowance keeps a rank that is a whole number in exact
  // arithmetic, such as 99.9% of 1000, from rounding up to the next one.
  const double exact_rank = percentile * static_cast<double>(total) / 100.0;
  const auto rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(exact_rank - 1e-9)));
  int64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += buckets_[i].load(std::memory_order_relaxed);
    if (seen >= rank) return std::clamp(BucketUpperBound(i), min(), max());
  }
  return max();
}

LatencySummary LatencyHistogram::Summarize() const {
  LatencySummary summary;
  summary.count = count();
  if (summary.count == 0) return summary;
  summary.min = min();
  summary.mean = mean();
  summary.p50 = Percentile(50);
  summary.p90 = Percentile(90);
  summary.p99 = Percentile(99);
  summary.p999 = Percentile(99.9);
  summary.max = max();
  return summary;
}

}  // namespace dchat::load
