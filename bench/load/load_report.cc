#include "load/load_report.h"

#include <iomanip>
#include <sstream>
#include <string>

namespace dchat::load {
namespace {

using nlohmann::ordered_json;

std::string Millis(int64_t micros) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(3) << static_cast<double>(micros) / 1000.0;
  return text.str();
}

std::string Fixed(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

std::string Percent(double numerator, double denominator) {
  if (denominator <= 0) return "n/a";
  return Fixed(100.0 * numerator / denominator, 1) + "%";
}

std::string Megabytes(int64_t kb) { return Fixed(static_cast<double>(kb) / 1024.0, 1) + " MiB"; }

const char* CallName(LoadCall call) { return call == LoadCall::kHistory ? "history" : "send"; }

void PrintLatency(const LatencySummary& latency, std::ostream& out) {
  out << "  latency ms   p50 " << Millis(latency.p50) << "  p90 " << Millis(latency.p90)
      << "  p99 " << Millis(latency.p99) << "  p99.9 " << Millis(latency.p999) << "  max "
      << Millis(latency.max) << "\n";
}

void PrintErrors(const std::map<std::string, int64_t>& errors, const char* label,
                 std::ostream& out) {
  if (errors.empty()) return;
  out << "  " << label;
  for (const auto& [code, count] : errors) out << "  " << code << " " << count;
  out << "\n";
}

void PrintCalls(const char* title, const CallStats& stats, const CallStats* baseline,
                std::ostream& out) {
  out << title << "\n";
  out << "  calls        " << stats.succeeded << " ok of " << stats.started << " in "
      << Fixed(stats.elapsed_seconds, 2) << " s = " << Fixed(stats.per_second, 1) << "/s";
  if (baseline) out << " (" << Percent(stats.per_second, baseline->per_second) << " of baseline)";
  out << "\n";
  PrintLatency(stats.latency, out);
  if (baseline) {
    out << "  latency      p50 " << Fixed(static_cast<double>(stats.latency.p50) /
                                              std::max<int64_t>(1, baseline->latency.p50), 2)
        << "x, p99 "
        << Fixed(static_cast<double>(stats.latency.p99) /
                     std::max<int64_t>(1, baseline->latency.p99), 2)
        << "x the baseline's\n";
  }
  PrintErrors(stats.errors, "errors      ", out);
  if (stats.process_cpu_seconds >= 0 && stats.succeeded > 0) {
    const auto calls = static_cast<double>(stats.succeeded);
    out << "  this process cpu " << Fixed(stats.process_cpu_seconds * 1e6 / calls, 1)
        << " us per call, "
        << Fixed(static_cast<double>(stats.process_context_switches) / calls, 1)
        << " context switches per call (client, proxy and echo server together)\n";
  }
}

void PrintOptions(const LoadOptions& options, std::ostream& out) {
  out << "dchat-load run " << options.run_id << " against " << options.gateway << "\n";
  if (options.idle_streams > 0) {
    out << "  " << options.idle_streams << " idle event streams, "
        << options.streams_per_connection << " per connection, as " << options.clients
        << " users\n\n";
    return;
  }
  out << "  " << CallName(options.call) << ", ";
  if (options.rate > 0) {
    out << "open loop at " << Fixed(options.rate, 1) << "/s (at most " << options.concurrency
        << " in flight)";
  } else {
    out << "closed loop with " << options.concurrency << " callers";
  }
  out << ", " << options.clients << " clients in " << options.rooms << " room(s), "
      << options.message_bytes << "-byte messages, " << options.followers
      << " follower(s) per room\n";
  out << "  bounds: ";
  if (options.messages > 0) out << options.messages << " calls or ";
  out << Fixed(options.duration.count() / 1000.0, 1) << " s";
  if (options.messages > 0) out << ", whichever comes first";
  out << "\n\n";
}

ordered_json LatencyJson(const LatencySummary& latency) {
  return ordered_json{{"count", latency.count}, {"min", latency.min},   {"mean", latency.mean},
                      {"p50", latency.p50},     {"p90", latency.p90},   {"p99", latency.p99},
                      {"p99_9", latency.p999},  {"max", latency.max}};
}

ordered_json CallsJson(const CallStats& stats) {
  return ordered_json{{"started", stats.started},
                      {"succeeded", stats.succeeded},
                      {"elapsed_seconds", stats.elapsed_seconds},
                      {"per_second", stats.per_second},
                      {"latency_us", LatencyJson(stats.latency)},
                      {"errors", stats.errors},
                      {"process_cpu_seconds", stats.process_cpu_seconds},
                      {"process_context_switches", stats.process_context_switches}};
}

ordered_json OptionsJson(const LoadOptions& options) {
  return ordered_json{{"run_id", options.run_id},
                      {"gateway", options.gateway},
                      {"call", CallName(options.call)},
                      {"mode", options.rate > 0 ? "open loop" : "closed loop"},
                      {"rate", options.rate},
                      {"concurrency", options.concurrency},
                      {"clients", options.clients},
                      {"rooms", options.rooms},
                      {"followers_per_room", options.followers},
                      {"message_bytes", options.message_bytes},
                      {"messages", options.messages},
                      {"duration_seconds", options.duration.count() / 1000.0},
                      {"idle_streams", options.idle_streams}};
}

}  // namespace

void PrintText(const LoadReport& report, std::ostream& out) {
  PrintOptions(report.options, out);

  if (report.baseline) {
    PrintCalls("baseline: client -> pass-through proxy -> echo server, same shape",
               *report.baseline, nullptr, out);
    out << "\n";
  }
  if (report.load) {
    const std::string title = std::string(CallName(report.options.call)) + " through the gateway";
    PrintCalls(title.c_str(), *report.load, report.baseline ? &*report.baseline : nullptr, out);
    if (report.options.call == LoadCall::kHistory) {
      out << "  room size    " << report.history_last_seq << " messages, pages of "
          << report.options.page_size << "\n";
    }
    out << "\n";
  }
  if (report.deliveries) {
    const DeliveryStats& deliveries = *report.deliveries;
    out << "deliveries to " << deliveries.followers << " followers\n";
    out << "  delivered    " << deliveries.delivered << " of " << deliveries.expected
        << " expected (" << deliveries.expected - deliveries.delivered << " missing, "
        << deliveries.duplicates << " duplicates, " << deliveries.gaps << " gaps) = "
        << Fixed(deliveries.per_second, 1) << "/s\n";
    PrintLatency(deliveries.latency, out);
    PrintErrors(deliveries.stream_ends, "streams ended", out);
    out << "\n";
  }
  if (report.idle_streams) {
    const IdleStreamsResult& idle = *report.idle_streams;
    out << "idle event streams\n";
    out << "  opened       " << idle.opened << " of " << idle.requested << " over "
        << idle.connections << " connections in " << Fixed(idle.open_seconds, 1) << " s\n";
    out << "  gateway rss  " << Megabytes(idle.rss_before_kb) << " before, "
        << Megabytes(idle.rss_after_kb) << " with the streams open = "
        << Fixed(idle.kb_per_stream(), 1) << " KiB per stream (peak "
        << Megabytes(idle.peak_rss_kb) << ")\n";
    PrintErrors(idle.stream_ends, "streams ended", out);
    out << "\n";
  }
  if (!report.servers.empty()) {
    const int64_t calls = report.load ? report.load->succeeded : 0;
    out << "processes\n";
    for (const ServerUsage& server : report.servers) {
      out << "  " << std::left << std::setw(10) << server.name << std::right << " pid "
          << std::setw(7) << server.pid;
      if (server.error.empty()) {
        out << "  peak rss " << Megabytes(server.peak_rss_kb) << ", now "
            << Megabytes(server.rss_kb);
      } else {
        out << "  " << server.error;
      }
      out << "\n";
      if (server.load_cpu_seconds >= 0 && calls > 0) {
        out << "             during the load: cpu " << Fixed(server.load_cpu_seconds, 2)
            << " s = " << Fixed(server.load_cpu_seconds * 1e6 / static_cast<double>(calls), 1)
            << " us per call";
        if (server.load_context_switches >= 0) {
          out << ", "
              << Fixed(static_cast<double>(server.load_context_switches) /
                           static_cast<double>(calls), 1)
              << " context switches per call";
        }
        out << "\n";
      }
    }
  }
}

ordered_json ToJson(const LoadReport& report) {
  ordered_json json;
  json["options"] = OptionsJson(report.options);
  if (report.baseline) json["baseline"] = CallsJson(*report.baseline);
  if (report.load) {
    json["load"] = CallsJson(*report.load);
    if (report.options.call == LoadCall::kHistory) {
      json["load"]["room_messages"] = report.history_last_seq;
    }
  }
  if (report.baseline && report.load) {
    const CallStats& base = *report.baseline;
    const CallStats& load = *report.load;
    json["ratio_to_baseline"] = ordered_json{
        {"per_second", base.per_second > 0 ? load.per_second / base.per_second : 0.0},
        {"latency_p50", base.latency.p50 > 0
                            ? static_cast<double>(load.latency.p50) / base.latency.p50
                            : 0.0},
        {"latency_p99", base.latency.p99 > 0
                            ? static_cast<double>(load.latency.p99) / base.latency.p99
                            : 0.0}};
  }
  if (report.deliveries) {
    const DeliveryStats& deliveries = *report.deliveries;
    json["deliveries"] = ordered_json{{"followers", deliveries.followers},
                                      {"expected", deliveries.expected},
                                      {"delivered", deliveries.delivered},
                                      {"missing", deliveries.expected - deliveries.delivered},
                                      {"duplicates", deliveries.duplicates},
                                      {"gaps", deliveries.gaps},
                                      {"per_second", deliveries.per_second},
                                      {"latency_us", LatencyJson(deliveries.latency)},
                                      {"stream_ends", deliveries.stream_ends}};
  }
  if (report.idle_streams) {
    const IdleStreamsResult& idle = *report.idle_streams;
    json["idle_streams"] = ordered_json{{"requested", idle.requested},
                                        {"opened", idle.opened},
                                        {"connections", idle.connections},
                                        {"open_seconds", idle.open_seconds},
                                        {"gateway_rss_before_kb", idle.rss_before_kb},
                                        {"gateway_rss_after_kb", idle.rss_after_kb},
                                        {"gateway_peak_rss_kb", idle.peak_rss_kb},
                                        {"kb_per_stream", idle.kb_per_stream()},
                                        {"stream_ends", idle.stream_ends}};
  }
  json["servers"] = ordered_json::array();
  for (const ServerUsage& server : report.servers) {
    ordered_json entry{{"name", server.name}, {"pid", server.pid}};
    if (server.error.empty()) {
      entry["rss_kb"] = server.rss_kb;
      entry["peak_rss_kb"] = server.peak_rss_kb;
    } else {
      entry["error"] = server.error;
    }
    if (server.load_cpu_seconds >= 0) entry["load_cpu_seconds"] = server.load_cpu_seconds;
    if (server.load_context_switches >= 0) {
      entry["load_context_switches"] = server.load_context_switches;
    }
    json["servers"].push_back(std::move(entry));
  }
  return json;
}

}  // namespace dchat::load
