#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "dchat/storage.h"
#include "internal/validation.h"
#include "storage/sqlite_db.h"

namespace dchat {
namespace {

using internal::SqliteDb;
using internal::SqliteStatement;
using internal::SqliteTransaction;

// migrations[i] upgrades the schema from version i to i + 1. Files in use
// have run the released entries, so change the schema by appending one.
constexpr std::array<std::string_view, 1> kMigrations = {
    // Version 1. username_folded is the username in lower case, so the
    // unique index makes names unique without regard to case.
    R"sql(
      CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        username_folded TEXT NOT NULL,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at_us INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX users_by_username_folded ON users (username_folded);

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        created_at_us INTEGER NOT NULL,
        expires_at_us INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_by_expiry ON sessions (expires_at_us);
    )sql",
};

constexpr std::string_view kUserColumns =
    "user_id, username, display_name, password_hash, created_at_us";

UserRecord ReadUser(const SqliteStatement& row) {
  UserRecord user;
  user.user_id = row.ColumnText(0);
  user.username = row.ColumnText(1);
  user.display_name = row.ColumnText(2);
  user.password_hash = row.ColumnText(3);
  user.created_at_us = row.ColumnInt64(4);
  return user;
}

class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Status CreateUser(const UserRecord& user) override {
    const std::string folded = internal::FoldCase(user.username);
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteTransaction> transaction =
        SqliteTransaction::Begin(*db_, SqliteTransaction::Mode::kImmediate);
    if (!transaction.ok()) return transaction.status();

    // Checked first so that the error names the value that is taken. The
    // unique indexes enforce the same rules.
    Result<bool> name_taken = Exists(
        "SELECT 1 FROM users WHERE username_folded = ?", folded,
        "check username");
    if (!name_taken.ok()) return name_taken.status();
    if (*name_taken) {
      return AlreadyExistsError("username \"" + user.username +
                                "\" is already taken");
    }
    Result<bool> id_taken = Exists("SELECT 1 FROM users WHERE user_id = ?",
                                   user.user_id, "check user id");
    if (!id_taken.ok()) return id_taken.status();
    if (*id_taken) {
      return AlreadyExistsError("user id \"" + user.user_id +
                                "\" already exists");
    }

    Result<SqliteStatement> insert = db_->Prepare(
        "INSERT INTO users (user_id, username, username_folded, display_name,"
        " password_hash, created_at_us) VALUES (?, ?, ?, ?, ?, ?)",
        "insert user");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, user.user_id);
    insert->BindText(2, user.username);
    insert->BindText(3, folded);
    insert->BindText(4, user.display_name);
    insert->BindText(5, user.password_hash);
    insert->BindInt64(6, user.created_at_us);
    DCHAT_RETURN_IF_ERROR(insert->Run());
    return transaction->Commit();
  }

  Result<UserRecord> FindUserById(const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return FindUser("user_id", user_id, "find user by id",
                    "user id \"" + user_id + "\" not found");
  }

  Result<UserRecord> FindUserByName(const std::string& username) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return FindUser("username_folded", internal::FoldCase(username),
                    "find user by name",
                    "username \"" + username + "\" not found");
  }

  Status CreateSession(const SessionRecord& session) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> insert = db_->Prepare(
        "INSERT INTO sessions (token_hash, user_id, created_at_us,"
        " expires_at_us) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        "insert session");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, session.token_hash);
    insert->BindText(2, session.user_id);
    insert->BindInt64(3, session.created_at_us);
    insert->BindInt64(4, session.expires_at_us);
    DCHAT_RETURN_IF_ERROR(insert->Run());

    if (db_->changes() == 0) {
      return AlreadyExistsError("a session with this token hash exists");
    }
    return OkStatus();
  }

  Result<SessionRecord> FindSession(const std::string& token_hash) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> query = db_->Prepare(
        "SELECT token_hash, user_id, created_at_us, expires_at_us"
        " FROM sessions WHERE token_hash = ?",
        "find session");
    if (!query.ok()) return query.status();
    query->BindText(1, token_hash);
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) return NotFoundError("session not found");

    SessionRecord session;
    session.token_hash = query->ColumnText(0);
    session.user_id = query->ColumnText(1);
    session.created_at_us = query->ColumnInt64(2);
    session.expires_at_us = query->ColumnInt64(3);
    return session;
  }

  Status DeleteSession(const std::string& token_hash) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> remove = db_->Prepare(
        "DELETE FROM sessions WHERE token_hash = ?", "delete session");
    if (!remove.ok()) return remove.status();
    remove->BindText(1, token_hash);
    return remove->Run();
  }

  Result<int64_t> DeleteExpiredSessions(int64_t now_us) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> remove =
        db_->Prepare("DELETE FROM sessions WHERE expires_at_us < ?",
                     "delete expired sessions");
    if (!remove.ok()) return remove.status();
    remove->BindInt64(1, now_us);
    DCHAT_RETURN_IF_ERROR(remove->Run());
    return db_->changes();
  }

 private:
  // Requires mutex_ held.
  Result<bool> Exists(std::string_view sql, const std::string& value,
                      std::string_view operation) {
    Result<SqliteStatement> query = db_->Prepare(sql, operation);
    if (!query.ok()) return query.status();
    query->BindText(1, value);
    return query->Step();
  }

  // Requires mutex_ held. `column` is a trusted column name, never input.
  Result<UserRecord> FindUser(std::string_view column, const std::string& value,
                              std::string_view operation,
                              std::string not_found_message) {
    const std::string sql = "SELECT " + std::string(kUserColumns) +
                            " FROM users WHERE " + std::string(column) +
                            " = ?";
    Result<SqliteStatement> query = db_->Prepare(sql, operation);
    if (!query.ok()) return query.status();
    query->BindText(1, value);
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) return NotFoundError(std::move(not_found_message));
    return ReadUser(*query);
  }

  std::mutex mutex_;
  std::unique_ptr<SqliteDb> db_;  // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<UserStore>> OpenSqliteUserStore(
    const std::filesystem::path& file) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(file, kMigrations);
  if (!db.ok()) return db.status();
  return std::unique_ptr<UserStore>(
      std::make_unique<SqliteUserStore>(std::move(db).value()));
}

}  // namespace dchat
