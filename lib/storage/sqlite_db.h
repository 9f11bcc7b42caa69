// A small RAII wrapper over one SQLite connection, shared by the SQLite
// stores.
//
//   std::unique_ptr<SqliteDb> db = ...;  // from SqliteDb::Open
//   Result<SqliteStatement> find =
//       db->Prepare("SELECT name FROM rooms WHERE room_id = ?", "find room");
//   if (!find.ok()) return find.status();
//   find->BindText(1, room_id);
//   Result<bool> row = find->Step();
//
// Failed SQLite calls become UNAVAILABLE (busy, locked, I/O, disk full,
// cannot open) or INTERNAL (everything else), with a message that names
// the operation, the file and SQLite's error text. The messages are fit for
// logs but not for clients.
//
// Thread safety: a connection and its statements may be used by one thread
// at a time, so each store serializes access with its own mutex or thread.
// Statements must be destroyed before the SqliteDb that prepared them.
#ifndef DCHAT_STORAGE_SQLITE_DB_H_
#define DCHAT_STORAGE_SQLITE_DB_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "dchat/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace dchat::internal {

struct SqliteOptions {
  // Maximum time in milliseconds that a statement waits for a lock held by
  // another connection before it fails as UNAVAILABLE.
  int busy_timeout_ms = 5000;
  // When true, the connection rejects writes and does not migrate: it only
  // checks that the file has the current schema version. For the extra
  // read connections of a store whose writer opened the file first.
  bool read_only = false;
};

class SqliteDb;

// A prepared statement. Parameters are numbered from 1 and columns from 0,
// as in SQLite. Move-only; finalizes the statement on destruction.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  ~SqliteStatement();

  // Bind a parameter for the next run. A failed bind is reported by the
  // next Step or Run, so callers check once.
  void BindText(int index, std::string_view value);
  void BindInt64(int index, int64_t value);

  // Runs the statement up to the next row. Returns true when a row is ready
  // for the Column* calls, false when the statement has finished.
  [[nodiscard]] Result<bool> Step();
  // Runs the statement to completion, ignoring any rows, then resets it.
  [[nodiscard]] Status Run();

  int64_t ColumnInt64(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

  // Ends the current run and clears the bindings, so the statement can run
  // again. A SELECT that is not reset keeps its read snapshot, and with it
  // an open read transaction, so callers reset as soon as they have read
  // what they need.
  void Reset();

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* statement, const SqliteDb* db,
                  std::string operation);

  sqlite3_stmt* statement_ = nullptr;
  const SqliteDb* db_ = nullptr;
  std::string operation_;  // such as "insert message", for error messages
  Status bind_status_;     // the first failed bind since the last reset
};

// One connection to a database file.
class SqliteDb {
 public:
  // Opens `file`, creating it when missing, in WAL mode with
  // synchronous=FULL, foreign keys on and a busy timeout. Then brings the
  // schema up to date: migrations[i] is the SQL script that upgrades
  // version i to version i + 1, so the current version is
  // migrations.size(). The file stores its version in PRAGMA user_version.
  // FAILED_PRECONDITION when the file has a newer version than
  // migrations.size(), or, for a read-only connection, any other version.
  // UNAVAILABLE for every other failure.
  static Result<std::unique_ptr<SqliteDb>> Open(
      const std::filesystem::path& file,
      std::span<const std::string_view> migrations,
      const SqliteOptions& options = {});

  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Prepares one SQL statement. `operation` names what it does in error
  // messages, such as "find user by name".
  Result<SqliteStatement> Prepare(std::string_view sql,
                                  std::string_view operation);

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql, std::string_view operation);

  // Number of rows changed by the most recent INSERT, UPDATE or DELETE.
  int64_t changes() const;

  // True when no transaction is open.
  bool autocommit() const;

  const std::string& file_name() const { return file_name_; }

  // Builds the Status for a failed SQLite call whose result code is `rc`.
  Status Error(int rc, std::string_view operation) const;

 private:
  SqliteDb(sqlite3* db, std::string file_name);

  Status Configure(const SqliteOptions& options);
  Status Migrate(std::span<const std::string_view> migrations);
  Status CheckVersion(int64_t expected_version);
  Result<int64_t> ReadUserVersion();

  sqlite3* db_ = nullptr;
  std::string file_name_;
};

// An open transaction. Rolls back on destruction unless committed.
class SqliteTransaction {
 public:
  enum class Mode {
    // Takes the write lock at BEGIN, so that no later statement can fail
    // with SQLITE_BUSY while upgrading a read lock to a write lock.
    kImmediate,
    // Takes locks on first use. For read-only transactions that need one
    // consistent snapshot across several statements.
    kDeferred,
  };

  static Result<SqliteTransaction> Begin(SqliteDb& db, Mode mode);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();

  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDb* db) : db_(db) {}

  SqliteDb* db_ = nullptr;  // null once committed or moved from
};

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_SQLITE_DB_H_
