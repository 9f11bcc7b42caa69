#include "common/server_main.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <absl/synchronization/mutex.h>
#include <spdlog/spdlog.h>

#include "dchat/version.h"

namespace dchat::servers {

void AddCommonFlags(CLI::App& app, const std::string& name,
                    const std::string& default_listen, CommonFlags& flags) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });

  flags.listen = default_listen;
  app.add_option("--listen", flags.listen, "Address to listen on, HOST:PORT; port 0 picks a free one")
      ->envname("DCHAT_" + upper + "_LISTEN")
      ->capture_default_str();
  app.add_option("--log-level", flags.log_level, "Log level: trace, debug, info, warn, error or off")
      ->envname("DCHAT_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--worker-threads", flags.worker_threads, "Threads that run request handlers")
      ->envname("DCHAT_WORKER_THREADS")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--tls-cert", flags.tls_cert, "PEM certificate chain; with --tls-key turns TLS on")
      ->envname("DCHAT_TLS_CERT");
  app.add_option("--tls-key", flags.tls_key, "PEM private key of --tls-cert")
      ->envname("DCHAT_TLS_KEY");
  app.add_option("--tls-client-ca", flags.tls_client_ca,
                 "PEM CA that client certificates must be signed by (mutual TLS)")
      ->envname("DCHAT_TLS_CLIENT_CA");
  app.add_option("--internal-token", flags.internal_token,
                 "Shared secret between the gateway and the internal services; "
                 "empty accepts every caller")
      ->envname("DCHAT_INTERNAL_TOKEN");
  app.set_version_flag("--version", std::string("dchat-") + name + " " + DCHAT_VERSION);
}

void AddDataDirFlag(CLI::App& app, std::string& data_dir) {
  data_dir = "data";
  app.add_option("--data-dir", data_dir, "Folder of the SQLite database files, created when missing")
      ->envname("DCHAT_DATA_DIR")
      ->capture_default_str();
}

bool SetUpLogging(const std::string& level) {
  spdlog::level::level_enum parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    spdlog::error("unknown log level '{}': use trace, debug, info, warn, error or off", level);
    return false;
  }
  spdlog::set_level(parsed);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %n: %v");
  return true;
}

ServerOptions ToServerOptions(const CommonFlags& flags) {
  ServerOptions options;
  options.address = flags.listen;
  options.worker_threads = flags.worker_threads;
  options.internal_token = flags.internal_token;
  options.tls.enabled = !flags.tls_cert.empty() || !flags.tls_key.empty();
  options.tls.cert_file = flags.tls_cert;
  options.tls.key_file = flags.tls_key;
  options.tls.client_ca_file = flags.tls_client_ca;
  return options;
}

bool EnsureDataDir(const std::string& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    spdlog::error("cannot create data folder '{}': {}; choose another with --data-dir",
                  data_dir, error.message());
    return false;
  }
  return true;
}

int Serve(const std::string& name, const CommonFlags& flags,
          const std::string& description,
          std::vector<std::shared_ptr<Service>> services) {
  // Debian 12's Abseil is built without NDEBUG, so every absl::Mutex lock
  // inside gRPC also updates a process-wide lock-order graph to detect
  // deadlocks. That costs about a tenth of the CPU of a unary call
  // (BM_UnaryRoundTrip with 8 threads on 2 cores) and checks only gRPC's
  // own locks.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  ServerOptions options = ToServerOptions(flags);
  options.logger = spdlog::default_logger();
  auto server = Server::Start(options, std::move(services));
  if (!server.ok()) {
    spdlog::error("dchat-{} failed to start: {}", name, server.status().ToString());
    return 1;
  }

  spdlog::info("dchat-{} {} started on {} ({})", name, DCHAT_VERSION, (*server)->address(),
               description);
  (*server)->ShutdownOnSignals();
  (*server)->Wait();
  spdlog::info("dchat-{} stopped", name);
  return 0;
}

}  // namespace dchat::servers
