#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dchat/storage.h"
#include "storage/sqlite_db.h"

namespace dchat {
namespace {

using internal::SqliteDb;
using internal::SqliteStatement;
using internal::SqliteTransaction;

// migrations[i] upgrades the schema from version i to i + 1. Files in use
// have run the released entries, so change the schema by appending one.
constexpr std::array<std::string_view, 1> kMigrations = {
    // Version 1. rooms.member_count is kept equal to the room's number of
    // rows in members by the transactions that add and remove members, so
    // reads of large rooms need not count them.
    R"sql(
      CREATE TABLE rooms (
        room_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        topic TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
        creator_id TEXT NOT NULL,
        created_at_us INTEGER NOT NULL,
        member_count INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE members (
        room_id TEXT NOT NULL REFERENCES rooms (room_id),
        user_id TEXT NOT NULL,
        username TEXT NOT NULL,
        joined_at_us INTEGER NOT NULL,
        PRIMARY KEY (room_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX members_by_user ON members (user_id, room_id);

      CREATE TABLE invites (
        room_id TEXT NOT NULL REFERENCES rooms (room_id),
        user_id TEXT NOT NULL,
        inviter_id TEXT NOT NULL,
        invited_at_us INTEGER NOT NULL,
        PRIMARY KEY (room_id, user_id)
      ) WITHOUT ROWID;
    )sql",
};

constexpr std::string_view kPublic = "public";
constexpr std::string_view kPrivate = "private";

// The columns that ReadRoom expects, in its order, from a table aliased r.
#define DCHAT_ROOM_COLUMNS                                            \
  "r.room_id, r.name, r.topic, r.visibility, r.creator_id, "          \
  "r.created_at_us, r.member_count"

RoomRecord ReadRoom(const SqliteStatement& row) {
  RoomRecord room;
  room.room_id = row.ColumnText(0);
  room.name = row.ColumnText(1);
  room.topic = row.ColumnText(2);
  room.visibility =
      row.ColumnText(3) == kPrivate ? Visibility::kPrivate : Visibility::kPublic;
  room.creator_id = row.ColumnText(4);
  room.created_at_us = row.ColumnInt64(5);
  room.member_count = row.ColumnInt64(6);
  return room;
}

Status InvalidLimit(int limit) {
  return InvalidArgumentError("page limit " + std::to_string(limit) +
                              " is invalid: use a limit of at least 1");
}

Status RoomNotFound(const std::string& room_id) {
  return NotFoundError("room \"" + room_id + "\" not found");
}

Result<std::vector<RoomRecord>> ReadRooms(SqliteStatement& query) {
  std::vector<RoomRecord> rooms;
  while (true) {
    Result<bool> row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rooms.push_back(ReadRoom(query));
  }
  return rooms;
}

class SqliteRoomStore final : public RoomStore {
 public:
  explicit SqliteRoomStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Status CreateRoom(const RoomRecord& room,
                    const std::optional<MemberRecord>& creator) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteTransaction> transaction =
        SqliteTransaction::Begin(*db_, SqliteTransaction::Mode::kImmediate);
    if (!transaction.ok()) return transaction.status();

    Result<SqliteStatement> insert = db_->Prepare(
        "INSERT INTO rooms (room_id, name, topic, visibility, creator_id,"
        " created_at_us, member_count) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        "insert room");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, room.room_id);
    insert->BindText(2, room.name);
    insert->BindText(3, room.topic);
    insert->BindText(4, room.visibility == Visibility::kPrivate ? kPrivate
                                                                 : kPublic);
    insert->BindText(5, room.creator_id);
    insert->BindInt64(6, room.created_at_us);
    insert->BindInt64(7, 0);  // InsertMember counts the creator
    DCHAT_RETURN_IF_ERROR(insert->Run());
    if (db_->changes() == 0) {
      return AlreadyExistsError("room \"" + room.room_id + "\" already exists");
    }

    if (creator.has_value()) {
      // The creator joins this room even when creator->room_id differs.
      MemberRecord member = *creator;
      member.room_id = room.room_id;
      Result<bool> added = InsertMember(member);
      if (!added.ok()) return added.status();
    }
    return transaction->Commit();
  }

  Result<RoomRecord> GetRoom(const std::string& room_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> query = db_->Prepare(
        "SELECT " DCHAT_ROOM_COLUMNS " FROM rooms AS r WHERE r.room_id = ?",
        "get room");
    if (!query.ok()) return query.status();
    query->BindText(1, room_id);
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) return RoomNotFound(room_id);
    return ReadRoom(*query);
  }

  Result<std::vector<RoomRecord>> ListRooms(const std::string& member_id,
                                            const std::string& viewer_id,
                                            const std::string& after_room_id,
                                            int limit) override {
    if (limit < 1) return InvalidLimit(limit);
    std::lock_guard<std::mutex> lock(mutex_);

    // Both queries walk an index in room_id order and stop after `limit`
    // rows: members_by_user for a member's rooms, the rooms table itself
    // for visible rooms, skipping private rooms the viewer is not in.
    // User ids are never empty, so an empty viewer_id matches no member.
    const bool of_member = !member_id.empty();
    Result<SqliteStatement> query =
        of_member
            ? db_->Prepare(
                  "SELECT " DCHAT_ROOM_COLUMNS
                  " FROM members AS m JOIN rooms AS r ON r.room_id = m.room_id"
                  " WHERE m.user_id = ?1 AND m.room_id > ?2"
                  " ORDER BY m.room_id LIMIT ?3",
                  "list rooms of member")
            : db_->Prepare(
                  "SELECT " DCHAT_ROOM_COLUMNS " FROM rooms AS r"
                  " WHERE r.room_id > ?2 AND (r.visibility = 'public' OR"
                  " EXISTS (SELECT 1 FROM members AS m"
                  " WHERE m.room_id = r.room_id AND m.user_id = ?1))"
                  " ORDER BY r.room_id LIMIT ?3",
                  "list visible rooms");
    if (!query.ok()) return query.status();
    query->BindText(1, of_member ? member_id : viewer_id);
    query->BindText(2, after_room_id);
    query->BindInt64(3, limit);
    return ReadRooms(*query);
  }

  Result<bool> AddMember(const MemberRecord& member) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteTransaction> transaction =
        SqliteTransaction::Begin(*db_, SqliteTransaction::Mode::kImmediate);
    if (!transaction.ok()) return transaction.status();

    Result<bool> exists = RoomExists(member.room_id);
    if (!exists.ok()) return exists.status();
    if (!*exists) return RoomNotFound(member.room_id);

    Result<bool> added = InsertMember(member);
    if (!added.ok() || !*added) return added;
    DCHAT_RETURN_IF_ERROR(transaction->Commit());
    return true;
  }

  Result<bool> RemoveMember(const std::string& room_id,
                            const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteTransaction> transaction =
        SqliteTransaction::Begin(*db_, SqliteTransaction::Mode::kImmediate);
    if (!transaction.ok()) return transaction.status();

    Result<SqliteStatement> remove = db_->Prepare(
        "DELETE FROM members WHERE room_id = ? AND user_id = ?",
        "delete member");
    if (!remove.ok()) return remove.status();
    remove->BindText(1, room_id);
    remove->BindText(2, user_id);
    DCHAT_RETURN_IF_ERROR(remove->Run());
    if (db_->changes() == 0) return false;

    DCHAT_RETURN_IF_ERROR(AdjustMemberCount(room_id, -1));
    DCHAT_RETURN_IF_ERROR(transaction->Commit());
    return true;
  }

  Result<bool> IsMember(const std::string& room_id,
                        const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> query = db_->Prepare(
        "SELECT 1 FROM members WHERE room_id = ? AND user_id = ?",
        "check membership");
    if (!query.ok()) return query.status();
    query->BindText(1, room_id);
    query->BindText(2, user_id);
    return query->Step();
  }

  Result<std::vector<MemberRecord>> ListMembers(
      const std::string& room_id, const std::string& after_user_id,
      int limit) override {
    if (limit < 1) return InvalidLimit(limit);
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> query = db_->Prepare(
        "SELECT room_id, user_id, username, joined_at_us FROM members"
        " WHERE room_id = ? AND user_id > ? ORDER BY user_id LIMIT ?",
        "list members");
    if (!query.ok()) return query.status();
    query->BindText(1, room_id);
    query->BindText(2, after_user_id);
    query->BindInt64(3, limit);

    std::vector<MemberRecord> members;
    while (true) {
      Result<bool> row = query->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      MemberRecord& member = members.emplace_back();
      member.room_id = query->ColumnText(0);
      member.user_id = query->ColumnText(1);
      member.username = query->ColumnText(2);
      member.joined_at_us = query->ColumnInt64(3);
    }
    return members;
  }

  Status AddInvite(const std::string& room_id, const std::string& user_id,
                   const std::string& inviter_id, int64_t at_us) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteTransaction> transaction =
        SqliteTransaction::Begin(*db_, SqliteTransaction::Mode::kImmediate);
    if (!transaction.ok()) return transaction.status();

    Result<bool> exists = RoomExists(room_id);
    if (!exists.ok()) return exists.status();
    if (!*exists) return RoomNotFound(room_id);

    // A repeated invitation keeps the first inviter and time.
    Result<SqliteStatement> insert = db_->Prepare(
        "INSERT INTO invites (room_id, user_id, inviter_id, invited_at_us)"
        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        "insert invite");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, room_id);
    insert->BindText(2, user_id);
    insert->BindText(3, inviter_id);
    insert->BindInt64(4, at_us);
    DCHAT_RETURN_IF_ERROR(insert->Run());
    return transaction->Commit();
  }

  Result<bool> HasInvite(const std::string& room_id,
                         const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Result<SqliteStatement> query = db_->Prepare(
        "SELECT 1 FROM invites WHERE room_id = ? AND user_id = ?",
        "check invite");
    if (!query.ok()) return query.status();
    query->BindText(1, room_id);
    query->BindText(2, user_id);
    return query->Step();
  }

 private:
  // Requires mutex_ held.
  Result<bool> RoomExists(const std::string& room_id) {
    Result<SqliteStatement> query =
        db_->Prepare("SELECT 1 FROM rooms WHERE room_id = ?", "find room");
    if (!query.ok()) return query.status();
    query->BindText(1, room_id);
    return query->Step();
  }

  // Inserts a member and counts it in the room's member_count. Returns
  // false when the user already was a member. Requires mutex_ held and an
  // open transaction, so that the row and the count change together.
  Result<bool> InsertMember(const MemberRecord& member) {
    Result<SqliteStatement> insert = db_->Prepare(
        "INSERT INTO members (room_id, user_id, username, joined_at_us)"
        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        "insert member");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, member.room_id);
    insert->BindText(2, member.user_id);
    insert->BindText(3, member.username);
    insert->BindInt64(4, member.joined_at_us);
    DCHAT_RETURN_IF_ERROR(insert->Run());
    if (db_->changes() == 0) return false;

    DCHAT_RETURN_IF_ERROR(AdjustMemberCount(member.room_id, +1));
    return true;
  }

  // Requires mutex_ held and an open transaction.
  Status AdjustMemberCount(const std::string& room_id, int64_t delta) {
    Result<SqliteStatement> update = db_->Prepare(
        "UPDATE rooms SET member_count = member_count + ? WHERE room_id = ?",
        "update member count");
    if (!update.ok()) return update.status();
    update->BindInt64(1, delta);
    update->BindText(2, room_id);
    return update->Run();
  }

  std::mutex mutex_;
  std::unique_ptr<SqliteDb> db_;  // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<RoomStore>> OpenSqliteRoomStore(
    const std::filesystem::path& file) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(file, kMigrations);
  if (!db.ok()) return db.status();
  return std::unique_ptr<RoomStore>(
      std::make_unique<SqliteRoomStore>(std::move(db).value()));
}

}  // namespace dchat
