// health: the grpc.health.v1 status of the gateway and, with --all, of
// other dchat servers.
#include <algorithm>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "dchat/channel.h"
#include "dchat/health_client.h"
#include "errors.h"

namespace dchat::cli {
namespace {

// Default addresses of the internal reference servers: user, room,
// message and presence.
const std::vector<std::string> kDefaultServiceAddresses = {
    "localhost:50052", "localhost:50053", "localhost:50054", "localhost:50055"};

struct HealthOptions {
  bool all = false;
  std::vector<std::string> services;
};

struct HealthReport {
  std::string address;
  // "SERVING", "NOT_SERVING", "UNKNOWN", "SERVICE_UNKNOWN" or "UNREACHABLE".
  std::string status;
  // Reason the check failed; empty when the server replied.
  std::string error;
};

// Starts a check of the whole server at `address`. The channel and client
// live in the returned function until it is called.
std::function<HealthReport()> StartCheck(const Context& context, const std::string& address) {
  ChannelOptions channel_options;
  const GlobalOptions& global = context.options();
  channel_options.tls.enabled = global.tls || !global.tls_ca.empty() || !global.tls_cert.empty();
  channel_options.tls.ca_file = global.tls_ca;
  channel_options.tls.cert_file = global.tls_cert;
  channel_options.tls.key_file = global.tls_key;
  Result<std::shared_ptr<grpc::Channel>> channel = MakeChannel(address, channel_options);
  if (!channel.ok()) {
    HealthReport report{address, "UNREACHABLE", DescribeStatus(channel.status())};
    return [report] { return report; };
  }

  // One attempt: a server that refuses the connection is reported at once
  // instead of after retries until the deadline.
  ClientOptions client_options;
  client_options.timeout = global.timeout;
  client_options.retry.max_attempts = 1;
  auto client = std::make_shared<HealthClient>(*channel, client_options);
  auto reply = std::make_shared<std::future<Result<grpc::health::v1::HealthCheckResponse>>>(
      client->CheckAsync(grpc::health::v1::HealthCheckRequest()));

  return [address, client, reply]() -> HealthReport {
    Result<grpc::health::v1::HealthCheckResponse> response = reply->get();
    if (!response.ok()) return {address, "UNREACHABLE", DescribeStatus(response.status())};
    return {address, grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response->status()),
            ""};
  };
}

void RunHealth(Context& context, const HealthOptions& options) {
  std::vector<std::string> addresses = {context.GatewayAddressWithoutSession()};
  if (!options.services.empty()) {
    addresses.insert(addresses.end(), options.services.begin(), options.services.end());
  } else if (options.all) {
    addresses.insert(addresses.end(), kDefaultServiceAddresses.begin(),
                     kDefaultServiceAddresses.end());
  }

  // The checks run at once, so the command takes one --timeout at most.
  std::vector<std::function<HealthReport()>> checks;
  for (const std::string& address : addresses) checks.push_back(StartCheck(context, address));
  std::vector<HealthReport> reports;
  for (auto& check : checks) reports.push_back(check());

  Output output = context.output();
  int failures = 0;
  size_t width = 0;
  for (const HealthReport& report : reports) width = std::max(width, report.address.size());
  nlohmann::json servers = nlohmann::json::array();
  for (const HealthReport& report : reports) {
    if (report.status != "SERVING") ++failures;
    servers.push_back({{"address", report.address}, {"status", report.status},
                       {"error", report.error}});
    if (!output.json()) {
      std::string label = report.status == "UNREACHABLE" ? "unreachable" : report.status;
      std::string padding(width - report.address.size(), ' ');
      output.Result(report.address + padding + "  " + label +
                    (report.error.empty() ? "" : ": " + report.error));
    }
  }
  if (output.json()) output.Json({{"servers", servers}});

  if (failures > 0) {
    std::string summary = reports.size() == 1
                           ? "the server is not serving; start it, or check its log"
                           : std::to_string(failures) + " of " + std::to_string(reports.size()) +
                                 " servers are not serving; start them, or check their logs";
    throw CommandError(ExitCode::kUnavailable, summary);
  }
}

}  // namespace

void AddHealthCommand(CLI::App& app, Context& context) {
  auto options = std::make_shared<HealthOptions>();
  CLI::App* health = app.add_subcommand(
      "health",
      "Check that the gateway is serving, and with --all the other servers; prints SERVING, "
      "NOT_SERVING or unreachable per address and fails unless all are SERVING");
  health->add_flag("--all", options->all,
                   "Also check the internal services: the --service addresses, by default "
                   "localhost:50052 to localhost:50055 (user, room, message, presence)");
  health->add_option("--service", options->services,
                     "Addresses of other servers to check, HOST:PORT each")
      ->type_name("ADDR");
  context.SetAction(health, [&context, options] { RunHealth(context, *options); });
}

}  // namespace dchat::cli
