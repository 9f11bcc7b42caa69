#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dchat/storage.h"
#include "internal/validation.h"
#include "storage/append_queue.h"
#include "storage/connection_pool.h"
#include "storage/sqlite_db.h"

namespace dchat {
namespace {

using internal::AppendAndWait;
using internal::AppendBatch;
using internal::AppendOutcome;
using internal::AppendQueue;
using internal::SqliteDb;
using internal::SqliteStatement;
using internal::SqliteTransaction;

// migrations[i] upgrades the schema from version i to i + 1. Files in use
// have run the released entries, so change the schema by appending one.
constexpr std::array<std::string_view, 1> kMigrations = {
    // Version 1. A WITHOUT ROWID table is a B-tree ordered by its primary
    // key, so a page of history is one range scan over adjacent rows, and
    // MAX(seq) of a room is one descent to the room's last row.
    R"sql(
      CREATE TABLE messages (
        room_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        sender_id TEXT NOT NULL,
        sender_username TEXT NOT NULL,
        text TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        created_at_us INTEGER NOT NULL,
        PRIMARY KEY (room_id, seq)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX messages_by_idempotency_key
        ON messages (room_id, sender_id, idempotency_key)
        WHERE idempotency_key != '';
    )sql",
};

// Number of read connections. Each read uses one for a single short
// transaction. Callers beyond this many wait for a free one.
constexpr int kReadConnections = 4;

constexpr std::string_view kMessageColumns =
    "seq, sender_id, sender_username, text, idempotency_key, created_at_us";

MessageRecord ReadMessage(const SqliteStatement& row,
                          const std::string& room_id) {
  MessageRecord message;
  message.room_id = room_id;
  message.seq = row.ColumnInt64(0);
  message.sender_id = row.ColumnText(1);
  message.sender_username = row.ColumnText(2);
  message.text = row.ColumnText(3);
  message.idempotency_key = row.ColumnText(4);
  message.created_at_us = row.ColumnInt64(5);
  return message;
}

// Steps a `SELECT COALESCE(MAX(seq), 0) ...` query and resets it.
Result<int64_t> ReadMaxSeq(SqliteStatement& query) {
  Result<bool> row = query.Step();
  const int64_t max_seq = row.ok() && *row ? query.ColumnInt64(0) : 0;
  query.Reset();
  if (!row.ok()) return row.status();
  return max_seq;
}

constexpr std::string_view kMaxSeqSql =
    "SELECT COALESCE(MAX(seq), 0) FROM messages WHERE room_id = ?";

// The writer's connection and the statements it reuses for every batch.
struct WriteConnection {
  std::unique_ptr<SqliteDb> db;  // declared first, so destroyed last
  SqliteStatement find_by_key;
  SqliteStatement insert;
  SqliteStatement max_seq;

  static Result<WriteConnection> Open(const std::filesystem::path& file) {
    Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(file, kMigrations);
    if (!db.ok()) return db.status();

    // The condition on idempotency_key repeats the partial index's WHERE
    // clause, because SQLite only uses a partial index for queries that
    // imply it.
    Result<SqliteStatement> find_by_key = (*db)->Prepare(
        "SELECT " + std::string(kMessageColumns) +
            " FROM messages WHERE room_id = ? AND sender_id = ?"
            " AND idempotency_key = ? AND idempotency_key != ''",
        "find message by idempotency key");
    if (!find_by_key.ok()) return find_by_key.status();
    Result<SqliteStatement> insert = (*db)->Prepare(
        "INSERT INTO messages (room_id, seq, sender_id, sender_username, text,"
        " idempotency_key, created_at_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
        "insert message");
    if (!insert.ok()) return insert.status();
    Result<SqliteStatement> max_seq =
        (*db)->Prepare(kMaxSeqSql, "read last sequence");
    if (!max_seq.ok()) return max_seq.status();

    return WriteConnection{std::move(db).value(),
                           std::move(find_by_key).value(),
                           std::move(insert).value(),
                           std::move(max_seq).value()};
  }
};

// A connection for history reads, with its prepared statements.
struct ReadConnection {
  std::unique_ptr<SqliteDb> db;  // declared first, so destroyed last
  SqliteStatement read_forward;   // the oldest messages after a sequence
  SqliteStatement read_backward;  // the newest messages below a sequence
  SqliteStatement max_seq;

  static Result<std::unique_ptr<ReadConnection>> Open(
      const std::filesystem::path& file) {
    internal::SqliteOptions options;
    options.read_only = true;
    Result<std::unique_ptr<SqliteDb>> db =
        SqliteDb::Open(file, kMigrations, options);
    if (!db.ok()) return db.status();

    // Both reads are range scans of the primary key, in opposite
    // directions. ?2 is the exclusive lower bound, ?3 the exclusive upper.
    const std::string select = "SELECT " + std::string(kMessageColumns) +
                               " FROM messages WHERE room_id = ?1";
    Result<SqliteStatement> forward = (*db)->Prepare(
        select + " AND seq > ?2 AND seq < ?3 ORDER BY seq ASC LIMIT ?4",
        "read messages after a sequence");
    if (!forward.ok()) return forward.status();
    Result<SqliteStatement> backward = (*db)->Prepare(
        select + " AND seq < ?3 ORDER BY seq DESC LIMIT ?4",
        "read messages before a sequence");
    if (!backward.ok()) return backward.status();
    Result<SqliteStatement> max_seq =
        (*db)->Prepare(kMaxSeqSql, "read last sequence");
    if (!max_seq.ok()) return max_seq.status();

    return std::make_unique<ReadConnection>(ReadConnection{
        std::move(db).value(), std::move(forward).value(),
        std::move(backward).value(), std::move(max_seq).value()});
  }
};

class SqliteMessageStore final : public MessageStore {
 public:
  SqliteMessageStore(WriteConnection writer,
                     std::vector<std::unique_ptr<ReadConnection>> readers)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        appends_([this](const AppendBatch& batch) { CommitBatch(batch); },
                 [this] {
                   return UnavailableError("message store \"" + writer_.db->file_name() +
                                           "\" is closing");
                 }) {}

  Result<MessageRecord> Append(const MessageRecord& message,
                               bool* duplicate) override {
    return AppendAndWait(*this, message, duplicate);
  }

  void AppendAsync(MessageRecord message, AppendDone done) override {
    appends_.Push(std::move(message), std::move(done));
  }

  Result<MessagePage> Read(const std::string& room_id, int64_t before_seq,
                           int64_t after_seq, int limit) override {
    if (limit < 1) {
      return InvalidArgumentError("page limit " + std::to_string(limit) +
                                  " is invalid: use a limit of at least 1");
    }
    auto reader = readers_.Take();
    return ReadPage(*reader, room_id, before_seq, after_seq, limit);
  }

  Result<int64_t> LastSeq(const std::string& room_id) override {
    auto reader = readers_.Take();
    reader->max_seq.BindText(1, room_id);
    return ReadMaxSeq(reader->max_seq);
  }

  void SetCommitListener(CommitListener listener) override {
    std::shared_ptr<const CommitListener> shared;
    if (listener) shared = std::make_shared<const CommitListener>(std::move(listener));
    std::lock_guard<std::mutex> lock(listener_mutex_);
    listener_ = std::move(shared);
  }

 private:
  static Result<MessagePage> ReadPage(ReadConnection& reader,
                                      const std::string& room_id,
                                      int64_t before_seq, int64_t after_seq,
                                      int limit);
  void CommitBatch(const AppendBatch& batch);
  Status WriteBatch(const AppendBatch& batch,
                    int64_t now_us,
                    std::vector<AppendOutcome>* outcomes,
                    std::unordered_map<std::string, int64_t>* batch_last_seq);
  Result<int64_t> CachedLastSeq(
      const std::string& room_id,
      const std::unordered_map<std::string, int64_t>& batch_last_seq);
  Result<std::optional<MessageRecord>> FindByKey(const MessageRecord& message);

  // Used only by the writer thread, and by Append for the file name.
  WriteConnection writer_;
  // Newest committed sequence of each room the writer has touched, loaded
  // with MAX(seq) on first use. Used only by the writer thread.
  // NOTE: this cache assumes that the store is the only writer of its file.
  // After another program appends to a room, inserts into that room fail
  // with a primary key conflict once, and the failed batch drops the cache.
  std::unordered_map<std::string, int64_t> last_seq_;

  std::mutex listener_mutex_;
  // Shared, so that the writer can keep calling the one it took for a
  // batch while another replaces it.
  std::shared_ptr<const CommitListener> listener_;  // guarded by listener_mutex_

  internal::ConnectionPool<ReadConnection> readers_;

  AppendQueue appends_;  // declared last, so started last and stopped first
};

Result<MessagePage> SqliteMessageStore::ReadPage(ReadConnection& reader,
                                                 const std::string& room_id,
                                                 int64_t before_seq,
                                                 int64_t after_seq,
                                                 int limit) {
  // One read transaction, so that last_seq and the page come from the same
  // snapshot of the WAL.
  Result<SqliteTransaction> transaction =
      SqliteTransaction::Begin(*reader.db, SqliteTransaction::Mode::kDeferred);
  if (!transaction.ok()) return transaction.status();

  const bool forward = after_seq > 0;
  SqliteStatement& query = forward ? reader.read_forward : reader.read_backward;
  query.BindText(1, room_id);
  if (forward) query.BindInt64(2, after_seq);
  query.BindInt64(3, before_seq > 0 ? before_seq
                                    : std::numeric_limits<int64_t>::max());
  // The query fetches one row beyond the page to find out whether more
  // messages match.
  query.BindInt64(4, static_cast<int64_t>(limit) + 1);

  MessagePage page;
  Result<bool> row = query.Step();
  while (row.ok() && *row) {
    page.messages.push_back(ReadMessage(query, room_id));
    row = query.Step();
  }
  query.Reset();
  if (!row.ok()) return row.status();

  if (page.messages.size() > static_cast<size_t>(limit)) {
    page.has_more = true;
    page.messages.pop_back();
  }
  if (!forward) std::reverse(page.messages.begin(), page.messages.end());

  reader.max_seq.BindText(1, room_id);
  Result<int64_t> last_seq = ReadMaxSeq(reader.max_seq);
  if (!last_seq.ok()) return last_seq.status();
  page.last_seq = *last_seq;

  DCHAT_RETURN_IF_ERROR(transaction->Commit());
  return page;
}

void SqliteMessageStore::CommitBatch(const AppendBatch& batch) {
  std::shared_ptr<const CommitListener> listener;
  {
    std::lock_guard<std::mutex> lock(listener_mutex_);
    listener = listener_;
  }

  std::vector<AppendOutcome> outcomes;
  std::unordered_map<std::string, int64_t> batch_last_seq;
  const Status status =
      WriteBatch(batch, internal::NowMicros(), &outcomes, &batch_last_seq);

  if (status.ok()) {
    for (auto& [room_id, seq] : batch_last_seq) last_seq_[room_id] = seq;
    // The batch is in commit order, and one writer thread commits every
    // batch, so the listener receives each room's sequences in order.
    if (listener != nullptr) {
      for (const AppendOutcome& outcome : outcomes) {
        if (!outcome.duplicate) (*listener)(*outcome.message);
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->done(std::move(outcomes[i].message), outcomes[i].duplicate);
    }
    return;
  }

  // A failed COMMIT may or may not have reached the file, so the cached
  // sequences of these rooms are reloaded from the file on next use.
  // Callers retry with the same idempotency key to learn the outcome.
  spdlog::error("message store failed to commit a batch of {} appends: {}",
                batch.size(), status.ToString());
  for (const auto& pending : batch) {
    last_seq_.erase(pending->message.room_id);
  }
  for (const auto& pending : batch) {
    pending->done(UnavailableError("storing the message failed, so retry it: " +
                                   status.message()),
                  false);
  }
}

// Runs one transaction for the whole batch. On success `outcomes` has one
// entry per append, and `batch_last_seq` the newest sequence of each room
// that received a message.
Status SqliteMessageStore::WriteBatch(
    const AppendBatch& batch, int64_t now_us,
    std::vector<AppendOutcome>* outcomes,
    std::unordered_map<std::string, int64_t>* batch_last_seq) {
  Result<SqliteTransaction> transaction =
      SqliteTransaction::Begin(*writer_.db, SqliteTransaction::Mode::kImmediate);
  if (!transaction.ok()) return transaction.status();

  // Index into `outcomes` of each message this batch has stored, by
  // (room_id, sender_id, idempotency_key). FindByKey would find them too,
  // because a transaction sees its own writes, but the map saves the query.
  std::map<std::tuple<std::string, std::string, std::string>, size_t>
      outcome_by_key;

  for (const auto& pending : batch) {
    const MessageRecord& message = pending->message;
    const bool has_key = !message.idempotency_key.empty();
    const auto key = std::make_tuple(message.room_id, message.sender_id,
                                     message.idempotency_key);

    if (has_key) {
      auto it = outcome_by_key.find(key);
      if (it != outcome_by_key.end()) {
        outcomes->push_back(AppendOutcome{(*outcomes)[it->second].message, true});
        continue;
      }
      Result<std::optional<MessageRecord>> existing = FindByKey(message);
      if (!existing.ok()) return existing.status();
      if (existing->has_value()) {
        outcomes->push_back(AppendOutcome{std::move(**existing), true});
        continue;
      }
    }

    Result<int64_t> last_seq = CachedLastSeq(message.room_id, *batch_last_seq);
    if (!last_seq.ok()) return last_seq.status();
    MessageRecord stored = message;
    stored.seq = *last_seq + 1;
    stored.created_at_us = now_us;

    SqliteStatement& insert = writer_.insert;
    insert.BindText(1, stored.room_id);
    insert.BindInt64(2, stored.seq);
    insert.BindText(3, stored.sender_id);
    insert.BindText(4, stored.sender_username);
    insert.BindText(5, stored.text);
    insert.BindText(6, stored.idempotency_key);
    insert.BindInt64(7, stored.created_at_us);
    DCHAT_RETURN_IF_ERROR(insert.Run());

    (*batch_last_seq)[stored.room_id] = stored.seq;
    if (has_key) outcome_by_key.emplace(key, outcomes->size());
    outcomes->push_back(AppendOutcome{std::move(stored), false});
  }
  return transaction->Commit();
}

// Returns the newest sequence of a room, counting the messages this batch
// has inserted so far.
Result<int64_t> SqliteMessageStore::CachedLastSeq(
    const std::string& room_id,
    const std::unordered_map<std::string, int64_t>& batch_last_seq) {
  if (auto it = batch_last_seq.find(room_id); it != batch_last_seq.end()) {
    return it->second;
  }
  if (auto it = last_seq_.find(room_id); it != last_seq_.end()) {
    return it->second;
  }

  writer_.max_seq.BindText(1, room_id);
  Result<int64_t> max_seq = ReadMaxSeq(writer_.max_seq);
  // Only committed values go into last_seq_. Inside the write transaction
  // no other connection can have changed the room, so this value is
  // committed.
  if (max_seq.ok()) last_seq_[room_id] = *max_seq;
  return max_seq;
}

// Returns the stored message from the same sender in the same room with the
// same idempotency key, if there is one.
Result<std::optional<MessageRecord>> SqliteMessageStore::FindByKey(
    const MessageRecord& message) {
  SqliteStatement& query = writer_.find_by_key;
  query.BindText(1, message.room_id);
  query.BindText(2, message.sender_id);
  query.BindText(3, message.idempotency_key);

  Result<bool> row = query.Step();
  std::optional<MessageRecord> existing;
  if (row.ok() && *row) existing = ReadMessage(query, message.room_id);
  query.Reset();
  if (!row.ok()) return row.status();
  return existing;
}

}  // namespace

Result<std::unique_ptr<MessageStore>> OpenSqliteMessageStore(
    const std::filesystem::path& file) {
  // The write connection opens first, because it creates and migrates the
  // file that the read connections then check.
  Result<WriteConnection> writer = WriteConnection::Open(file);
  if (!writer.ok()) return writer.status();

  std::vector<std::unique_ptr<ReadConnection>> readers;
  for (int i = 0; i < kReadConnections; ++i) {
    Result<std::unique_ptr<ReadConnection>> reader = ReadConnection::Open(file);
    if (!reader.ok()) return reader.status();
    readers.push_back(std::move(reader).value());
  }

  return std::unique_ptr<MessageStore>(std::make_unique<SqliteMessageStore>(
      std::move(writer).value(), std::move(readers)));
}

}  // namespace dchat
