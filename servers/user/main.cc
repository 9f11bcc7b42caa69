// dchat-user: the account service (registration, password login, session
// tokens) over a SQLite database in the data folder.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <spdlog/spdlog.h>

#include "common/server_main.h"
#include "dchat/reference_services.h"
#include "dchat/storage.h"

namespace {

constexpr int64_t kSecondsPerDay = 24 * 3600;

void AddTokenTtlFlag(CLI::App& app, int64_t& token_ttl_seconds) {
  // Accepts "90", "90s", "30m", "12h" or "7d". Units are case-sensitive, so
  // "30M" is rejected instead of being read as minutes.
  const std::map<std::string, int64_t> units = {
      {"s", 1}, {"m", 60}, {"h", 3600}, {"d", kSecondsPerDay}};
  app.add_option("--token-ttl", token_ttl_seconds,
                 "How long a login token stays valid: seconds, or a number with the unit "
                 "s, m, h or d, such as 12h")
      ->envname("DCHAT_TOKEN_TTL")
      ->transform(CLI::AsNumberWithUnit(
          units, static_cast<CLI::AsNumberWithUnit::Options>(
                     CLI::AsNumberWithUnit::CASE_SENSITIVE | CLI::AsNumberWithUnit::UNIT_OPTIONAL)))
      ->check(CLI::Range(int64_t{1}, 3650 * kSecondsPerDay))
      ->default_str("7d");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dchat-user: accounts, password login and session tokens"};
  dchat::servers::CommonFlags flags;
  std::string data_dir;
  int64_t token_ttl_seconds = 7 * kSecondsPerDay;
  dchat::servers::AddCommonFlags(app, "user", "127.0.0.1:50052", flags);
  dchat::servers::AddDataDirFlag(app, data_dir);
  AddTokenTtlFlag(app, token_ttl_seconds);
  CLI11_PARSE(app, argc, argv);

  if (!dchat::servers::SetUpLogging(flags.log_level)) return 1;
  if (!dchat::servers::EnsureDataDir(data_dir)) return 1;

  const std::filesystem::path file = std::filesystem::path(data_dir) / "user.db";
  auto store = dchat::OpenSqliteUserStore(file);
  if (!store.ok()) {
    spdlog::error("cannot open the user database '{}': {}", file.string(),
                  store.status().ToString());
    return 1;
  }

  dchat::UserServiceOptions options;
  options.token_ttl = std::chrono::seconds(token_ttl_seconds);
  auto service = dchat::NewUserService(std::move(*store), options);
  return dchat::servers::Serve("user", flags, "store sqlite " + file.string(), {service});
}
