// dchat-message: the message log service.
#include <filesystem>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "common/server_main.h"
#include "dchat/reference_services.h"

int main(int argc, char** argv) {
  CLI::App app("dchat-message: durable, ordered message logs per room, history and live "
               "subscriptions. Called by dchat-gateway only.");
  dchat::servers::CommonFlags flags;
  dchat::servers::AddCommonFlags(app, "message", "127.0.0.1:50054", flags);
  std::string data_dir;
  dchat::servers::AddDataDirFlag(app, data_dir);
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
  if (!dchat::servers::EnsureDataDir(data_dir)) return 1;

  std::filesystem::path file = std::filesystem::path(data_dir) / "message.db";
  auto store = dchat::OpenSqliteMessageStore(file);
  if (!store.ok()) {
    spdlog::error("cannot open message store {}: {}", file.string(), store.status().ToString());
    return 1;
  }
  auto service = dchat::NewMessageService(std::move(*store), options);
  return dchat::servers::Serve("message", flags, "store sqlite " + file.string(), {service});
}
