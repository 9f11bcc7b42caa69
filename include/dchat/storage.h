// Storage interfaces of the reference services, and their back ends.
//
// Each service keeps its durable state behind one interface here, so a
// deployment can swap the back end and a test can use the in-memory one:
//
//   std::filesystem::path dir = "data";
//   dchat::Result<std::unique_ptr<dchat::MessageStore>> store =
//       dchat::OpenSqliteMessageStore(dir / "message.db");
//
// Records are plain structs, not wire types: services validate requests
// before anything reaches a store, and convert records to replies after.
//
// Thread safety: every store is safe to call from many threads at once.
// Times are microseconds since the Unix epoch. Errors: NOT_FOUND and
// ALREADY_EXISTS as documented per call; UNAVAILABLE or INTERNAL when the
// back end fails, with a message fit for logs but not for clients.
#ifndef DCHAT_STORAGE_H_
#define DCHAT_STORAGE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dchat/status.h"

namespace dchat {

struct UserRecord {
  std::string user_id;
  std::string username;      // as registered
  std::string display_name;
  std::string password_hash;  // Argon2id, in libsodium's string format
  int64_t created_at_us = 0;
};

struct SessionRecord {
  std::string token_hash;  // hex SHA-256 of the token
  std::string user_id;
  int64_t created_at_us = 0;
  int64_t expires_at_us = 0;
};

// Accounts and session tokens.
class UserStore {
 public:
  virtual ~UserStore() = default;

  // Stores a new user. ALREADY_EXISTS when the username, compared without
  // regard to case, or the user_id is taken.
  virtual Status CreateUser(const UserRecord& user) = 0;
  // NOT_FOUND when no user has this id.
  virtual Result<UserRecord> FindUserById(const std::string& user_id) = 0;
  // Compares without regard to case. NOT_FOUND when no user matches.
  virtual Result<UserRecord> FindUserByName(const std::string& username) = 0;

  virtual Status CreateSession(const SessionRecord& session) = 0;
  // NOT_FOUND when no session has this hash. Expiry is the caller's check.
  virtual Result<SessionRecord> FindSession(const std::string& token_hash) = 0;
  // Deleting an unknown session succeeds.
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Deletes sessions that expired before `now_us`; returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(int64_t now_us) = 0;
};

enum class Visibility { kPublic, kPrivate };

struct RoomRecord {
  std::string room_id;  // the name folded to lower case
  std::string name;
  std::string topic;
  Visibility visibility = Visibility::kPublic;
  std::string creator_id;
  int64_t created_at_us = 0;
  int64_t member_count = 0;  // filled in by reads
};

struct MemberRecord {
  std::string room_id;
  std::string user_id;
  std::string username;
  int64_t joined_at_us = 0;
};

// Rooms, members and invitations.
class RoomStore {
 public:
  virtual ~RoomStore() = default;

  // Stores a room and, when creator_id is set, makes the creator its first
  // member in the same transaction. ALREADY_EXISTS when the id is taken.
  virtual Status CreateRoom(const RoomRecord& room,
                            const std::optional<MemberRecord>& creator) = 0;
  // NOT_FOUND when no room has this id.
  virtual Result<RoomRecord> GetRoom(const std::string& room_id) = 0;
  // Rooms ordered by id, starting after `after_room_id` (empty: from the
  // first), at most `limit`. With `member_id` set: only rooms that user is
  // a member of. Otherwise public rooms plus the private rooms of
  // `viewer_id` when it is not empty.
  virtual Result<std::vector<RoomRecord>> ListRooms(
      const std::string& member_id, const std::string& viewer_id,
      const std::string& after_room_id, int limit) = 0;

  // Adds a member; returns false when the user already was one.
  virtual Result<bool> AddMember(const MemberRecord& member) = 0;
  // Returns false when the user was not a member.
  virtual Result<bool> RemoveMember(const std::string& room_id,
                                    const std::string& user_id) = 0;
  virtual Result<bool> IsMember(const std::string& room_id,
                                const std::string& user_id) = 0;
  // Members ordered by user id, after `after_user_id`, at most `limit`.
  virtual Result<std::vector<MemberRecord>> ListMembers(
      const std::string& room_id, const std::string& after_user_id,
      int limit) = 0;

  // Records an invitation; inviting twice succeeds.
  virtual Status AddInvite(const std::string& room_id,
                           const std::string& user_id,
                           const std::string& inviter_id, int64_t at_us) = 0;
  virtual Result<bool> HasInvite(const std::string& room_id,
                                 const std::string& user_id) = 0;
};

struct MessageRecord {
  std::string room_id;
  int64_t seq = 0;
  std::string sender_id;
  std::string sender_username;
  std::string text;
  std::string idempotency_key;  // empty when the client gave none
  int64_t created_at_us = 0;
};

// What a history read returns: messages in ascending sequence order.
struct MessagePage {
  std::vector<MessageRecord> messages;
  bool has_more = false;  // more match beyond the page, in read direction
  int64_t last_seq = 0;   // the room's newest sequence at read time
};

// Receives messages as a MessageStore commits them; see
// MessageStore::SetCommitListener.
using CommitListener = std::function<void(const MessageRecord& message)>;

// Receives the outcome of MessageStore::AppendAsync: what Append would
// return, and whether the message was a duplicate.
using AppendDone = std::function<void(Result<MessageRecord> message, bool duplicate)>;

// The per-room message logs.
class MessageStore {
 public:
  virtual ~MessageStore() = default;

  // Makes the store pass every message that an Append stores from now on
  // (duplicates excluded) to `listener`, in commit order, so each room's
  // messages arrive in sequence order with no gap. The call happens after
  // the commit and before the Append that stored it returns (or
  // AppendAsync's `done` runs), on the thread that committed the message
  // or on a thread of the store. Back ends shared by several stores, such
  // as PostgreSQL, also pass the messages the other stores commit, from a
  // thread of their own. The listener must be quick, must not block, and
  // must not call the store. Replaces any earlier listener; null removes it.
  virtual void SetCommitListener(CommitListener listener) = 0;

  // Assigns the room's next sequence and the commit time, stores the
  // message durably and returns it. When the room already holds a message
  // from the same sender with the same non-empty idempotency key, returns
  // that message instead and stores nothing; `*duplicate` is then true.
  // Blocks until the message is committed.
  virtual Result<MessageRecord> Append(const MessageRecord& message,
                                       bool* duplicate) = 0;

  // Starts an Append and calls `done` exactly once with its outcome, after
  // the commit, without making the caller wait for it. Back ends with a
  // writer thread (SQLite) call `done` on it, so that a server need not
  // park a thread per append. `done` must not block or call the store.
  // This default runs Append on the calling thread.
  virtual void AppendAsync(MessageRecord message, AppendDone done) {
    bool duplicate = false;
    Result<MessageRecord> stored = Append(message, &duplicate);
    done(std::move(stored), duplicate);
  }

  // Reads up to `limit` messages with before_seq > seq > after_seq (a
  // bound of 0 is no bound). With after_seq > 0 the page starts right after
  // it; otherwise it ends at the newest message below before_seq.
  virtual Result<MessagePage> Read(const std::string& room_id,
                                   int64_t before_seq, int64_t after_seq,
                                   int limit) = 0;

  // The room's newest sequence, or 0 for an empty room.
  virtual Result<int64_t> LastSeq(const std::string& room_id) = 0;
};

// In-memory back ends: fast and lost at exit. For tests and throwaway runs.
std::unique_ptr<UserStore> NewMemoryUserStore();
std::unique_ptr<RoomStore> NewMemoryRoomStore();
std::unique_ptr<MessageStore> NewMemoryMessageStore();

// SQLite back ends: one database file each, in WAL mode, created when
// missing and migrated to the current schema version on open. Fails with
// FAILED_PRECONDITION for a file written by a newer dchat, and UNAVAILABLE
// when the file cannot be opened.
Result<std::unique_ptr<UserStore>> OpenSqliteUserStore(
    const std::filesystem::path& file);
Result<std::unique_ptr<RoomStore>> OpenSqliteRoomStore(
    const std::filesystem::path& file);
// Appends are committed in batches by one writer thread: each caller still
// waits for the commit that contains its message (AppendAsync's `done`
// runs after it), so an acknowledged message is durable.
Result<std::unique_ptr<MessageStore>> OpenSqliteMessageStore(
    const std::filesystem::path& file);

}  // namespace dchat

#endif  // DCHAT_STORAGE_H_
