// dchat-message: the message log service.
#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "common/server_main.h"
#include "dchat/postgres_storage.h"
#include "dchat/reference_services.h"

int main(int argc, char** argv) {
  CLI::App app("dchat-message: durable, ordered message logs per room, history and live "
               "subscriptions. Called by dchat-gateway only.");
  dchat::servers::CommonFlags flags;
  dchat::servers::AddCommonFlags(app, "message", "127.0.0.1:50054", flags);
  std::string data_dir;
  dchat::servers::AddDataDirFlag(app, data_dir);
  std::string postgres_url;
  app.add_option("--postgres-url", postgres_url,
                 "libpq connection string or postgresql:// URI of a PostgreSQL database to "
                 "keep the message logs in, shared by every message server on it; empty "
                 "keeps them in SQLite under --data-dir")
      ->envname("DCHAT_POSTGRES_URL");
  dchat::MessageServiceOptions options;
  app.add_option("--max-message-bytes", options.max_message_bytes,
                 "Largest message text accepted, in bytes of UTF-8")
      ->envname("DCHAT_MAX_MESSAGE_BYTES")
      ->check(CLI::Range(1, 1024 * 1024))
      ->capture_default_str();
  app.add_option("--max-page-size", options.pages.max_page_size,
                 "Most messages one history page may ask for")
      ->envname("DCHAT_MAX_PAGE_SIZE")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!dchat::servers::SetUpLogging(flags.log_level)) return 2;

  std::unique_ptr<dchat::MessageStore> store;
  std::string store_description;
  if (!postgres_url.empty()) {
    store_description = "postgres " + dchat::DescribePostgresConninfo(postgres_url);
    auto opened = dchat::OpenPostgresMessageStore(postgres_url);
    if (!opened.ok()) {
      spdlog::error("cannot open message store: {}", opened.status().ToString());
      return 1;
    }
    store = std::move(opened).value();
  } else {
    if (!dchat::servers::EnsureDataDir(data_dir)) return 1;
    std::filesystem::path file = std::filesystem::path(data_dir) / "message.db";
    store_description = "sqlite " + file.string();
    auto opened = dchat::OpenSqliteMessageStore(file);
    if (!opened.ok()) {
      spdlog::error("cannot open message store {}: {}", file.string(), opened.status().ToString());
      return 1;
    }
    store = std::move(opened).value();
  }
  auto service = dchat::NewMessageService(std::move(store), options);
  return dchat::servers::Serve("message", flags, "store " + store_description, {service});
}
