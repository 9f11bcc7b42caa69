#include "storage/sqlite_db.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace dchat::internal {
namespace {

// Result codes that mean the database is busy or the disk or file is
// unusable right now, as opposed to a bug or a damaged file.
bool IsUnavailable(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
      return true;
    default:
      return false;
  }
}

// Builds the error for a failed call. `db` is null when the connection could
// not be created.
Status MakeError(sqlite3* db, int rc, std::string_view operation,
                 const std::string& file_name) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = std::string(operation) + " failed in database \"" +
                        file_name + "\": " + detail + " (SQLite error " +
                        std::to_string(rc) + ")";
  if (IsUnavailable(rc)) return UnavailableError(std::move(message));
  return InternalError(std::move(message));
}

// Reports a failure while opening as UNAVAILABLE, whatever its SQLite code,
// because the store cannot be used either way. The message keeps the cause.
// A schema version mismatch stays FAILED_PRECONDITION.
Status AsUnavailable(const Status& status) {
  if (status.ok() || status.code() == Code::kUnavailable ||
      status.code() == Code::kFailedPrecondition) {
    return status;
  }
  return UnavailableError(status.message());
}

}  // namespace

// --- SqliteStatement ---

SqliteStatement::SqliteStatement(sqlite3_stmt* statement, const SqliteDb* db,
                                 std::string operation)
    : statement_(statement), db_(db), operation_(std::move(operation)) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      db_(other.db_),
      operation_(std::move(other.operation_)),
      bind_status_(std::move(other.bind_status_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    statement_ = std::exchange(other.statement_, nullptr);
    db_ = other.db_;
    operation_ = std::move(other.operation_);
    bind_status_ = std::move(other.bind_status_);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

void SqliteStatement::BindText(int index, std::string_view value) {
  const int rc = sqlite3_bind_text64(statement_, index, value.data(),
                                     value.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_status_.ok()) {
    bind_status_ = db_->Error(rc, operation_);
  }
}

void SqliteStatement::BindInt64(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK && bind_status_.ok()) {
    bind_status_ = db_->Error(rc, operation_);
  }
}

Result<bool> SqliteStatement::Step() {
  if (!bind_status_.ok()) return bind_status_;

  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(rc, operation_);
}

Status SqliteStatement::Run() {
  Result<bool> row = Step();
  while (row.ok() && *row) row = Step();
  Reset();
  return row.status();
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  // The text pointer must be read before the size, as SQLite documents.
  const auto* text =
      reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  const int size = sqlite3_column_bytes(statement_, column);
  if (text == nullptr) return std::string();
  return std::string(text, static_cast<size_t>(size));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

void SqliteStatement::Reset() {
  // sqlite3_reset repeats the error of a failed step, which Step already
  // reported.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_status_ = OkStatus();
}

// --- SqliteDb ---

SqliteDb::SqliteDb(sqlite3* db, std::string file_name)
    : db_(db), file_name_(std::move(file_name)) {}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(
    const std::filesystem::path& file,
    std::span<const std::string_view> migrations,
    const SqliteOptions& options) {
  const std::string file_name = file.string();

  // Each store serializes the use of its connections itself, so SQLite's
  // own per-connection mutex is not needed.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (!options.read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file_name.c_str(), &raw, flags, nullptr);

  // sqlite3_open_v2 returns a handle even on most failures, and the handle
  // must be closed either way.
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, file_name));
  if (rc != SQLITE_OK) {
    return AsUnavailable(MakeError(raw, rc, "open", file_name));
  }
  sqlite3_extended_result_codes(raw, 1);

  DCHAT_RETURN_IF_ERROR(AsUnavailable(db->Configure(options)));
  if (options.read_only) {
    DCHAT_RETURN_IF_ERROR(AsUnavailable(
        db->CheckVersion(static_cast<int64_t>(migrations.size()))));
  } else {
    DCHAT_RETURN_IF_ERROR(AsUnavailable(db->Migrate(migrations)));
  }
  return db;
}

Status SqliteDb::Configure(const SqliteOptions& options) {
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);

  // WAL lets readers work while one writer commits. Setting it is
  // persistent, and it fails quietly (returning the old mode) on file
  // systems without shared memory support, so the result is checked.
  Result<SqliteStatement> journal =
      Prepare("PRAGMA journal_mode=WAL", "enable WAL journal mode");
  if (!journal.ok()) return journal.status();
  Result<bool> row = journal->Step();
  if (!row.ok()) return row.status();
  const std::string mode = *row ? journal->ColumnText(0) : std::string();
  journal->Reset();
  if (mode != "wal") {
    return UnavailableError("enable WAL journal mode failed in database \"" +
                            file_name_ + "\": the journal mode stayed \"" +
                            mode + "\"");
  }

  // In WAL mode, synchronous=NORMAL syncs only at checkpoints, so a power
  // loss can undo the last commits. FULL syncs the WAL at every commit,
  // which is what makes an acknowledged write durable.
  DCHAT_RETURN_IF_ERROR(
      Exec("PRAGMA synchronous=FULL", "set synchronous=FULL"));
  DCHAT_RETURN_IF_ERROR(
      Exec("PRAGMA foreign_keys=ON", "enable foreign keys"));
  if (options.read_only) {
    DCHAT_RETURN_IF_ERROR(Exec("PRAGMA query_only=ON", "set query_only"));
  }
  return OkStatus();
}

Result<int64_t> SqliteDb::ReadUserVersion() {
  Result<SqliteStatement> query =
      Prepare("PRAGMA user_version", "read schema version");
  if (!query.ok()) return query.status();
  Result<bool> row = query->Step();
  if (!row.ok()) return row.status();
  return *row ? query->ColumnInt64(0) : 0;
}

Status SqliteDb::CheckVersion(int64_t expected_version) {
  Result<int64_t> version = ReadUserVersion();
  if (!version.ok()) return version.status();
  if (*version != expected_version) {
    return FailedPreconditionError(
        "database \"" + file_name_ + "\" has schema version " +
        std::to_string(*version) + " but this connection expects version " +
        std::to_string(expected_version) +
        ": another program changed the file after the store opened it; "
        "restart to open it again");
  }
  return OkStatus();
}

Status SqliteDb::Migrate(std::span<const std::string_view> migrations) {
  const auto current_version = static_cast<int64_t>(migrations.size());

  // The write lock, taken before the version is read, keeps two processes
  // from migrating the same file at once.
  Result<SqliteTransaction> transaction =
      SqliteTransaction::Begin(*this, SqliteTransaction::Mode::kImmediate);
  if (!transaction.ok()) return transaction.status();

  Result<int64_t> version = ReadUserVersion();
  if (!version.ok()) return version.status();
  if (*version > current_version) {
    return FailedPreconditionError(
        "database \"" + file_name_ + "\" has schema version " +
        std::to_string(*version) + ", but this dchat supports versions up to " +
        std::to_string(current_version) +
        ": open it with the newer dchat that wrote it, or restore a backup");
  }
  if (*version == current_version) return OkStatus();

  for (int64_t next = *version; next < current_version; ++next) {
    DCHAT_RETURN_IF_ERROR(
        Exec(migrations[static_cast<size_t>(next)],
             "migrate schema to version " + std::to_string(next + 1)));
  }
  // PRAGMA arguments cannot be bound as parameters.
  DCHAT_RETURN_IF_ERROR(
      Exec("PRAGMA user_version=" + std::to_string(current_version),
           "set schema version"));
  return transaction->Commit();
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql,
                                          std::string_view operation) {
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(),
                                    static_cast<int>(sql.size()), &statement,
                                    nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement);
    return Error(rc, operation);
  }
  return SqliteStatement(statement, this, std::string(operation));
}

Status SqliteDb::Exec(std::string_view sql, std::string_view operation) {
  const std::string terminated(sql);
  const int rc =
      sqlite3_exec(db_, terminated.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, operation);
  return OkStatus();
}

int64_t SqliteDb::changes() const { return sqlite3_changes64(db_); }

bool SqliteDb::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

Status SqliteDb::Error(int rc, std::string_view operation) const {
  return MakeError(db_, rc, operation, file_name_);
}

// --- SqliteTransaction ---

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDb& db, Mode mode) {
  const bool immediate = mode == Mode::kImmediate;
  DCHAT_RETURN_IF_ERROR(
      db.Exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED",
              "begin transaction"));
  return SqliteTransaction(&db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  // SQLite rolls back by itself after some errors (such as SQLITE_FULL), and
  // a second ROLLBACK would fail, so check first.
  if (db_ != nullptr && !db_->autocommit()) {
    (void)db_->Exec("ROLLBACK", "roll back transaction");
  }
}

Status SqliteTransaction::Commit() {
  Status status = db_->Exec("COMMIT", "commit transaction");
  if (status.ok()) db_ = nullptr;
  return status;
}

}  // namespace dchat::internal
