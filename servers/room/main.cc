// dchat-room: the room and membership service over a SQLite database in
// the data folder.
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>

#include "common/server_main.h"
#include "dchat/reference_services.h"
#include "dchat/storage.h"

int main(int argc, char** argv) {
  CLI::App app{"dchat-room: rooms, membership and invitations"};
  dchat::servers::CommonFlags flags;
  std::string data_dir;
  dchat::RoomServiceOptions options;
  dchat::servers::AddCommonFlags(app, "room", "127.0.0.1:50053", flags);
  dchat::servers::AddDataDirFlag(app, data_dir);
  app.add_option("--max-page-size", options.pages.max_page_size,
                 "Largest page of rooms or members one request may ask for")
      ->envname("DCHAT_MAX_PAGE_SIZE")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!dchat::servers::SetUpLogging(flags.log_level)) return 1;
  if (!dchat::servers::EnsureDataDir(data_dir)) return 1;

  const std::filesystem::path file = std::filesystem::path(data_dir) / "room.db";
  auto store = dchat::OpenSqliteRoomStore(file);
  if (!store.ok()) {
    spdlog::error("cannot open the room database '{}': {}", file.string(),
                  store.status().ToString());
    return 1;
  }

  auto service = dchat::NewRoomService(std::move(*store), options);
  return dchat::servers::Serve("room", flags, "store sqlite " + file.string(), {service});
}
