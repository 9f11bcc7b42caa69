// What every reference server's main shares: common flags with DCHAT_*
// environment fallbacks, logging set-up, and serving until a signal.
#ifndef DCHAT_SERVERS_COMMON_SERVER_MAIN_H_
#define DCHAT_SERVERS_COMMON_SERVER_MAIN_H_

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "dchat/server.h"
#include "dchat/service.h"

namespace dchat::servers {

struct CommonFlags {
  std::string listen;
  std::string log_level = "info";
  int worker_threads = 16;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  std::string internal_token;
};

// Adds --listen (env DCHAT_<NAME>_LISTEN), --log-level, --worker-threads,
// --tls-cert, --tls-key, --tls-client-ca and --internal-token (env
// DCHAT_LOG_LEVEL, DCHAT_WORKER_THREADS, DCHAT_TLS_CERT, DCHAT_TLS_KEY,
// DCHAT_TLS_CLIENT_CA, DCHAT_INTERNAL_TOKEN).
void AddCommonFlags(CLI::App& app, const std::string& name,
                    const std::string& default_listen, CommonFlags& flags);

// Adds --data-dir (env DCHAT_DATA_DIR, default "data").
void AddDataDirFlag(CLI::App& app, std::string& data_dir);

// Sets the log level and pattern; returns false, after printing why, for an
// unknown level.
bool SetUpLogging(const std::string& level);

ServerOptions ToServerOptions(const CommonFlags& flags);

// Starts the server, logs its start with `description` (such as the store
// in use), and serves until SIGINT or SIGTERM. Returns the exit code.
int Serve(const std::string& name, const CommonFlags& flags,
          const std::string& description,
          std::vector<std::shared_ptr<Service>> services);

// Creates `data_dir` when missing; returns false after logging why not.
bool EnsureDataDir(const std::string& data_dir);

}  // namespace dchat::servers

#endif  // DCHAT_SERVERS_COMMON_SERVER_MAIN_H_
