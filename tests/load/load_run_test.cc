// Whole dchat-load runs against an in-process fake gateway: the bounds,
// followers, the idle streams check and the report.
#include "load/load_run.h"

#include <unistd.h>

#include <chrono>
#include <sstream>

#include <gtest/gtest.h>

#include "load/fake_gateway.h"
#include "load/load_report.h"
#include "support/in_process_server.h"

namespace dchat::load {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class LoadRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions server_options;
    server_options.worker_threads = 32;
    ASSERT_TRUE(server_.Start({gateway_}, server_options).ok());
  }

  LoadOptions Options() const {
    LoadOptions options;
    options.gateway = server_.target();
    options.clients = 4;
    options.concurrency = 8;
    options.duration = 30s;
    options.call_timeout = 2s;
    options.drain_timeout = 5s;
    return options;
  }

  // Runs `options` and returns its report and how long it took, in
  // seconds.
  std::pair<LoadReport, double> Run(const LoadOptions& options) {
    const auto start = Clock::now();
    Result<LoadReport> report = RunLoad(options);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return {report.ok() ? *report : LoadReport{}, seconds};
  }

  std::shared_ptr<testing::FakeGateway> gateway_ = std::make_shared<testing::FakeGateway>();
  testing::InProcessServer server_;
};

TEST_F(LoadRunTest, StopsAtMessageCount) {
  LoadOptions options = Options();
  options.messages = 300;
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.load.has_value());
  EXPECT_EQ(report.load->started, 300);
  EXPECT_EQ(report.load->succeeded, 300);
  EXPECT_TRUE(report.load->errors.empty());
  EXPECT_EQ(report.load->latency.count, 300);
  EXPECT_EQ(gateway_->sends(), 300);
  EXPECT_LT(seconds, 20.0);
}

TEST_F(LoadRunTest, StopsAtDuration) {
  LoadOptions options = Options();
  options.duration = 500ms;
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.load.has_value());
  EXPECT_GT(report.load->succeeded, 0);
  EXPECT_GE(report.load->elapsed_seconds, 0.5);
  EXPECT_LT(report.load->elapsed_seconds, 1.5);
  EXPECT_LT(seconds, 10.0);
}

TEST_F(LoadRunTest, OpenLoopStopsAtMessageCount) {
  LoadOptions options = Options();
  options.rate = 500;
  options.messages = 100;
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.load.has_value());
  EXPECT_EQ(report.load->started, 100);
  EXPECT_EQ(report.load->succeeded, 100);
  EXPECT_LT(seconds, 10.0);
}

TEST_F(LoadRunTest, NeverRunsPastHardCap) {
  // The gateway replies after the call deadline, and the duration is the
  // whole hard cap: the run ends at the cap plus one call deadline.
  gateway_->set_send_delay(3s);
  LoadOptions options = Options();
  options.hard_cap = 1s;
  options.duration = 1s;
  options.call_timeout = 300ms;
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.load.has_value());
  EXPECT_EQ(report.load->succeeded, 0);
  EXPECT_GT(report.load->errors.at("DEADLINE_EXCEEDED"), 0);
  EXPECT_LT(report.load->elapsed_seconds, 1.0 + 0.3 + 0.5);
  EXPECT_LT(seconds, 1.0 + 0.3 + 1.5);
}

TEST_F(LoadRunTest, DurationAboveHardCapIsRejected) {
  LoadOptions options = Options();
  options.hard_cap = 1s;
  options.duration = 2s;
  Result<LoadReport> report = RunLoad(options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(gateway_->sends(), 0);
}

TEST_F(LoadRunTest, FollowersReceiveEverySend) {
  LoadOptions options = Options();
  options.messages = 200;
  options.followers = 3;
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.deliveries.has_value());
  EXPECT_EQ(report.deliveries->followers, 3);
  EXPECT_EQ(report.deliveries->expected, 600);
  EXPECT_EQ(report.deliveries->delivered, 600);
  EXPECT_EQ(report.deliveries->duplicates, 0);
  EXPECT_EQ(report.deliveries->gaps, 0);
  EXPECT_EQ(report.deliveries->latency.count, 600);
  EXPECT_TRUE(report.deliveries->stream_ends.empty());
}

TEST_F(LoadRunTest, BaselineRunsWithSameBounds) {
  LoadOptions options = Options();
  options.messages = 200;
  options.baseline = true;
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.baseline.has_value());
  EXPECT_EQ(report.baseline->started, 200);
  EXPECT_EQ(report.baseline->succeeded, 200);
  ASSERT_TRUE(report.load.has_value());
  EXPECT_EQ(report.load->succeeded, 200);

  nlohmann::ordered_json json = ToJson(report);
  EXPECT_TRUE(json.contains("ratio_to_baseline"));
  EXPECT_GT(json["ratio_to_baseline"]["per_second"].get<double>(), 0);
}

TEST_F(LoadRunTest, IdleStreamsReportMemoryPerStream) {
  // The fake gateway runs in this process, so this process's memory
  // serves as the gateway's.
  LoadOptions options = Options();
  options.idle_streams = 50;
  options.streams_per_connection = 20;
  options.duration = 20s;
  options.server_pids.push_back(ServerPid{"gateway", getpid()});
  auto [report, seconds] = Run(options);

  ASSERT_TRUE(report.idle_streams.has_value());
  EXPECT_EQ(report.idle_streams->opened, 50);
  EXPECT_EQ(report.idle_streams->connections, 3);
  EXPECT_GT(report.idle_streams->rss_after_kb, 0);
  EXPECT_FALSE(report.load.has_value());
}

TEST_F(LoadRunTest, IdleStreamsNeedGatewayPid) {
  LoadOptions options = Options();
  options.idle_streams = 10;
  Result<LoadReport> report = RunLoad(options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Code::kInvalidArgument);
}

TEST_F(LoadRunTest, ReportNamesEachProcess) {
  LoadOptions options = Options();
  options.messages = 20;
  options.server_pids.push_back(ServerPid{"gateway", getpid()});
  auto [report, seconds] = Run(options);

  ASSERT_EQ(report.servers.size(), 2u);
  EXPECT_EQ(report.servers[0].name, "gateway");
  EXPECT_GT(report.servers[0].peak_rss_kb, 0);
  EXPECT_GE(report.servers[0].load_cpu_seconds, 0);
  EXPECT_EQ(report.servers[1].name, "dchat-load");

  std::ostringstream text;
  PrintText(report, text);
  EXPECT_NE(text.str().find("send through the gateway"), std::string::npos);
  EXPECT_NE(text.str().find("gateway"), std::string::npos);
}

}  // namespace
}  // namespace dchat::load
