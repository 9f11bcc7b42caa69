// PostgresServer: a private PostgreSQL cluster for one test program, in a
// temporary directory, listening on a free loopback port.
//
//   Result<dchat::testing::PostgresServer*> server =
//       dchat::testing::PostgresServer::Shared();
//   ASSERT_TRUE(server.ok()) << server.status().ToString();
//   Result<std::string> conninfo = (*server)->CreateDatabase();
//   auto store = dchat::OpenPostgresMessageStore(*conninfo);
//
// The cluster is made by initdb with trust authentication for the
// superuser "postgres", runs with fsync off, and is stopped and deleted
// when the program exits. When the program runs as root, the server runs
// as the "postgres" OS user, because PostgreSQL refuses to run as root.
// The binaries are taken from $DCHAT_POSTGRES_BINDIR, or else from the
// newest /usr/lib/postgresql/<version>/bin (Debian's layout).
#ifndef DCHAT_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define DCHAT_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dchat/status.h"
#include "support/temp_dir.h"

namespace dchat::testing {

class PostgresServer {
 public:
  // Returns the program's server, started on the first call. When it
  // cannot start, every call returns the same error, which explains the failure.
  // The server receives SIGINT when the thread of the first call exits,
  // so make that call from the main thread (as gtest's SetUp does).
  static Result<PostgresServer*> Shared();

  // Stops the server if it runs.
  ~PostgresServer();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates a new, empty database and returns a connection string for it.
  Result<std::string> CreateDatabase();

  // "host=127.0.0.1 port=<port> dbname=<dbname> user=postgres".
  std::string Conninfo(const std::string& dbname) const;

  int port() const { return port_; }

 private:
  PostgresServer() = default;

  Status Start();
  Status InitCluster();
  // Starts postgres on a new free port; `*port_in_use` is set when it
  // failed because another process took the port first.
  Status StartServer(bool* port_in_use);
  void Stop();
  std::string ReadServerLog() const;

  TempDir dir_;
  std::filesystem::path bin_dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path log_file_;
  // The OS user that runs the server when this program is root; -1 else.
  uid_t run_as_uid_ = static_cast<uid_t>(-1);
  gid_t run_as_gid_ = static_cast<gid_t>(-1);
  pid_t pid_ = -1;
  int port_ = 0;
  int databases_created_ = 0;
};

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_POSTGRES_SERVER_H_
