#include "load/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dchat::load {
namespace {

// The exact percentile of sorted `samples` by the histogram's definition:
// the sample of rank ceil(p / 100 * n).
int64_t ExactPercentile(const std::vector<int64_t>& sorted, double percentile) {
  const auto rank = static_cast<size_t>(
      std::max(1.0, std::ceil(percentile * static_cast<double>(sorted.size()) / 100.0 - 1e-9)));
  return sorted[rank - 1];
}

// A reported percentile is the top of the exact sample's bucket: never
// below it, and at most 1/128 above it.
void ExpectWithinBucket(int64_t reported, int64_t exact) {
  EXPECT_GE(reported, exact);
  EXPECT_LE(reported, exact + exact / 128);
}

TEST(LatencyHistogramTest, EmptyReportsZeros) {
  LatencyHistogram histogram;
  EXPECT_EQ(histogram.count(), 0);
  EXPECT_EQ(histogram.min(), 0);
  EXPECT_EQ(histogram.max(), 0);
  EXPECT_EQ(histogram.mean(), 0);
  EXPECT_EQ(histogram.Percentile(0), 0);
  EXPECT_EQ(histogram.Percentile(50), 0);
  EXPECT_EQ(histogram.Percentile(100), 0);

  LatencySummary summary = histogram.Summarize();
  EXPECT_EQ(summary.count, 0);
  EXPECT_EQ(summary.p99, 0);
  EXPECT_EQ(summary.max, 0);
}

TEST(LatencyHistogramTest, OneSampleIsEveryPercentile) {
  LatencyHistogram histogram;
  histogram.Record(123457);
  for (double percentile : {0.0, 0.1, 50.0, 90.0, 99.0, 99.9, 100.0}) {
    EXPECT_EQ(histogram.Percentile(percentile), 123457) << "p" << percentile;
  }
  EXPECT_EQ(histogram.mean(), 123457);
}

TEST(LatencyHistogramTest, ExtremesAreExact) {
  LatencyHistogram histogram;
  for (int64_t value : {1000003, 17, 999999, 5000, 77777777}) histogram.Record(value);
  EXPECT_EQ(histogram.Percentile(0), 17);
  EXPECT_EQ(histogram.Percentile(100), 77777777);
  EXPECT_EQ(histogram.min(), 17);
  EXPECT_EQ(histogram.max(), 77777777);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram histogram;
  for (int64_t value = 1; value <= 100; ++value) histogram.Record(value);
  EXPECT_EQ(histogram.Percentile(1), 1);
  EXPECT_EQ(histogram.Percentile(50), 50);
  EXPECT_EQ(histogram.Percentile(99), 99);
  EXPECT_EQ(histogram.Percentile(99.9), 100);
  EXPECT_DOUBLE_EQ(histogram.mean(), 50.5);
}

TEST(LatencyHistogramTest, RankThatIsWholeDoesNotRoundUp) {
  // 99.9% of 1000 samples is rank 999 exactly, whatever the binary
  // rounding of 99.9.
  LatencyHistogram histogram;
  for (int64_t value = 1; value <= 1000; ++value) histogram.Record(value);
  ExpectWithinBucket(histogram.Percentile(99.9), 999);
  EXPECT_LT(histogram.Percentile(99.9), 1000);
}

TEST(LatencyHistogramTest, UniformDistributionWithinOnePercent) {
  LatencyHistogram histogram;
  std::vector<int64_t> samples;
  for (int64_t value = 1; value <= 100000; ++value) {
    histogram.Record(value);
    samples.push_back(value);
  }
  for (double percentile : {10.0, 50.0, 90.0, 99.0, 99.9, 99.99}) {
    SCOPED_TRACE(percentile);
    ExpectWithinBucket(histogram.Percentile(percentile), ExactPercentile(samples, percentile));
  }
  EXPECT_EQ(histogram.Percentile(100), 100000);
}

TEST(LatencyHistogramTest, ExponentialDistributionWithinOnePercent) {
  // Latencies have a long tail; an exponential one with a 2 ms mean.
  std::mt19937_64 random(7);
  std::exponential_distribution<double> exponential(1.0 / 2000.0);
  LatencyHistogram histogram;
  std::vector<int64_t> samples;
  for (int i = 0; i < 200000; ++i) {
    const auto value = static_cast<int64_t>(exponential(random));
    histogram.Record(value);
    samples.push_back(value);
  }
  std::sort(samples.begin(), samples.end());

  for (double percentile : {50.0, 90.0, 99.0, 99.9}) {
    SCOPED_TRACE(percentile);
    ExpectWithinBucket(histogram.Percentile(percentile), ExactPercentile(samples, percentile));
  }
  // The theoretical median, ln 2 times the mean, to within sampling noise.
  EXPECT_NEAR(histogram.Percentile(50), 2000 * std::log(2.0), 40);
}

TEST(LatencyHistogramTest, OutOfRangeValuesAreClamped) {
  LatencyHistogram histogram;
  histogram.Record(-5);
  histogram.Record(LatencyHistogram::kMaxValue * 4);
  EXPECT_EQ(histogram.min(), 0);
  EXPECT_EQ(histogram.max(), LatencyHistogram::kMaxValue);
  EXPECT_EQ(histogram.Percentile(100), LatencyHistogram::kMaxValue);
}

TEST(LatencyHistogramTest, BucketsCoverEveryValueInOrder) {
  size_t previous_index = 0;
  for (int64_t value = 0; value < 2000000; value += 1 + value / 1000) {
    const size_t index = LatencyHistogram::BucketIndex(value);
    const int64_t upper = LatencyHistogram::BucketUpperBound(index);
    ASSERT_GE(upper, value) << value;
    ASSERT_LE(upper, value + value / 128) << value;
    ASSERT_GE(index, previous_index) << value;
    previous_index = index;
  }
  // Adjacent buckets leave no value out.
  for (size_t index = 0; index + 1 < LatencyHistogram::BucketIndex(LatencyHistogram::kMaxValue);
       ++index) {
    ASSERT_EQ(LatencyHistogram::BucketIndex(LatencyHistogram::BucketUpperBound(index) + 1),
              index + 1);
  }
}

TEST(LatencyHistogramTest, ConcurrentRecordsAllCount) {
  LatencyHistogram histogram;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&histogram, t] {
      for (int i = 0; i < kPerThread; ++i) histogram.Record(t * 1000 + i % 1000);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(histogram.count(), kThreads * kPerThread);
  EXPECT_EQ(histogram.min(), 0);
  EXPECT_EQ(histogram.max(), 3999);
}

TEST(LatencyHistogramTest, MergeAddsSamples) {
  LatencyHistogram first;
  LatencyHistogram second;
  for (int64_t value = 1; value <= 50; ++value) first.Record(value);
  for (int64_t value = 51; value <= 100; ++value) second.Record(value);
  first.Merge(second);
  EXPECT_EQ(first.count(), 100);
  EXPECT_EQ(first.Percentile(50), 50);
  EXPECT_EQ(first.max(), 100);
  EXPECT_EQ(first.min(), 1);
}

}  // namespace
}  // namespace dchat::load
