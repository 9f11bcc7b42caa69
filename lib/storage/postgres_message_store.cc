#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dchat/postgres_storage.h"
#include "storage/append_queue.h"
#include "storage/connection_pool.h"
#include "storage/postgres_commit_relay.h"
#include "storage/postgres_connection.h"
#include "storage/postgres_message_queries.h"
#include "storage/postgres_notification_follower.h"

namespace dchat {
namespace {

using internal::AppendAndWait;
using internal::AppendBatch;
using internal::AppendOutcome;
using internal::AppendQueue;
using internal::CommitRelay;
using internal::NotificationFollower;
using internal::PgConnection;
using internal::PgInt;
using internal::PgText;

// Number of read connections. Callers beyond this many wait for a free one.
constexpr int kReadConnections = 4;

// Messages read per query when the writer fills a gap before its own.
constexpr int kRangePageSize = 500;

// A room that a batch appends to, locked for the batch's transaction.
struct LockedRoom {
  int64_t last_seq = 0;       // including the batch's messages so far
  int64_t created_at_us = 0;  // the time of the batch's messages
  bool changed = false;       // the batch stored a message
};

class PostgresMessageStore final : public MessageStore {
 public:
  PostgresMessageStore(std::unique_ptr<PgConnection> writer,
                       std::vector<std::unique_ptr<PgConnection>> readers,
                       std::unique_ptr<CommitRelay> relay,
                       std::unique_ptr<NotificationFollower> follower)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        relay_(std::move(relay)),
        follower_(std::move(follower)),
        appends_([this](const AppendBatch& batch) { CommitBatch(batch); },
                 [this] {
                   return UnavailableError("message store on PostgreSQL at " +
                                           writer_->description() + " is closing");
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
    return WithReader<MessagePage>([&](PgConnection& db) {
      return internal::ReadMessagePage(db, room_id, before_seq, after_seq, limit);
    });
  }

  Result<int64_t> LastSeq(const std::string& room_id) override {
    return WithReader<int64_t>(
        [&](PgConnection& db) { return internal::ReadLastSeq(db, room_id); });
  }

  void SetCommitListener(CommitListener listener) override {
    relay_->SetListener(std::move(listener));
  }

 private:
  // Runs `read` on a pooled connection. Reads change nothing, so a read
  // that failed because the connection broke runs once more on a new one.
  template <typename T, typename ReadFunction>
  Result<T> WithReader(ReadFunction read) {
    auto lease = readers_.Take();
    PgConnection& db = *lease;
    if (db.broken()) DCHAT_RETURN_IF_ERROR(ReconnectReader(db));

    Result<T> result = read(db);
    if (result.ok() || !db.broken()) return result;
    spdlog::warn("message store lost a read connection: {}", result.status().ToString());
    DCHAT_RETURN_IF_ERROR(ReconnectReader(db));
    return read(db);
  }

  static Status ReconnectReader(PgConnection& db) {
    const Status status = db.Reconnect();
    if (status.ok()) {
      spdlog::info("message store reopened a read connection to PostgreSQL at {}",
                   db.description());
    }
    return status;
  }

  void CommitBatch(const AppendBatch& batch);
  Status WriteBatch(const AppendBatch& batch,
                    std::vector<AppendOutcome>* outcomes);
  Status LockRoom(const std::string& room_id, LockedRoom* room);
  Status PublishRoom(const std::string& room_id, const LockedRoom& room);
  Status ReconnectWriterIfBroken();

  // Used only by the writer thread, and by AppendAsync for the description.
  std::unique_ptr<PgConnection> writer_;

  internal::ConnectionPool<PgConnection> readers_;

  std::unique_ptr<CommitRelay> relay_;
  std::unique_ptr<NotificationFollower> follower_;  // uses relay_
  // Declared last, so started last and stopped first: it commits every
  // queued append before the notification thread and connections go.
  AppendQueue appends_;
};

void PostgresMessageStore::CommitBatch(const AppendBatch& batch) {
  std::vector<AppendOutcome> outcomes;
  Status status = ReconnectWriterIfBroken();
  if (status.ok()) status = WriteBatch(batch, &outcomes);

  if (status.ok()) {
    std::vector<MessageRecord> committed;
    for (const AppendOutcome& outcome : outcomes) {
      if (!outcome.duplicate) committed.push_back(*outcome.message);
    }
    relay_->PassCommitted(committed, [this](const std::string& room_id,
                                            int64_t after_seq, int64_t last_seq) {
      return internal::ReadMessageRange(*writer_, room_id, after_seq, last_seq,
                                        kRangePageSize);
    });
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->done(std::move(outcomes[i].message), outcomes[i].duplicate);
    }
    return;
  }

  // A COMMIT that failed because the connection broke may still have
  // committed. Callers retry with the same idempotency key to learn the
  // outcome, and the notification thread passes the messages on if so.
  writer_->RollBack();
  spdlog::error("message store failed to commit a batch of {} appends: {}",
                batch.size(), status.ToString());
  const Status failure =
      status.code() == Code::kUnavailable
          ? UnavailableError("storing the message failed, so retry it: " + status.message())
          : status;
  for (const auto& pending : batch) pending->done(failure, false);
}

// Runs one transaction for the whole batch; on success `outcomes` has one
// entry per append. The round trips are BEGIN, one per room to lock it, one
// to look up every idempotency key, one to insert every new message, one
// per room to publish it, and COMMIT.
Status PostgresMessageStore::WriteBatch(
    const AppendBatch& batch,
    std::vector<AppendOutcome>* outcomes) {
  DCHAT_RETURN_IF_ERROR(writer_->ExecScript("BEGIN", "begin an append transaction"));

  // Rooms are locked in sorted order, the same in every store, so that two
  // stores' batches cannot deadlock. Idempotency keys are looked up only
  // after their rooms are locked, so that a message with the same key that
  // another store committed is found.
  std::map<std::string, LockedRoom> rooms;
  for (const auto& pending : batch) rooms.try_emplace(pending->message.room_id);
  for (auto& [room_id, room] : rooms) DCHAT_RETURN_IF_ERROR(LockRoom(room_id, &room));

  using MessageKey = std::tuple<std::string, std::string, std::string>;
  auto key_of = [](const MessageRecord& message) {
    return MessageKey(message.room_id, message.sender_id, message.idempotency_key);
  };

  std::vector<const MessageRecord*> requested;
  requested.reserve(batch.size());
  for (const auto& pending : batch) requested.push_back(&pending->message);
  Result<std::vector<MessageRecord>> found =
      internal::FindMessagesByKeys(*writer_, requested);
  if (!found.ok()) return found.status();
  std::map<MessageKey, MessageRecord> stored_by_key;
  for (MessageRecord& stored : *found) {
    MessageKey key = key_of(stored);
    stored_by_key.emplace(std::move(key), std::move(stored));
  }

  // Index into `outcomes` of each message this batch stores, by key, so
  // that a later append in the batch with the same key is a duplicate.
  std::map<MessageKey, size_t> outcome_by_key;
  std::vector<size_t> new_outcomes;

  outcomes->reserve(batch.size());
  for (const auto& pending : batch) {
    const MessageRecord& message = pending->message;
    const bool has_key = !message.idempotency_key.empty();
    const MessageKey key = key_of(message);

    if (has_key) {
      auto in_batch = outcome_by_key.find(key);
      if (in_batch != outcome_by_key.end()) {
        outcomes->push_back(AppendOutcome{(*outcomes)[in_batch->second].message, true});
        continue;
      }
      auto in_database = stored_by_key.find(key);
      if (in_database != stored_by_key.end()) {
        outcomes->push_back(AppendOutcome{in_database->second, true});
        continue;
      }
    }

    LockedRoom& room = rooms[message.room_id];
    MessageRecord stored = message;
    stored.seq = ++room.last_seq;
    stored.created_at_us = room.created_at_us;
    room.changed = true;

    if (has_key) outcome_by_key.emplace(key, outcomes->size());
    new_outcomes.push_back(outcomes->size());
    outcomes->push_back(AppendOutcome{std::move(stored), false});
  }

  // `outcomes` no longer grows, so pointers into it stay valid.
  std::vector<const MessageRecord*> inserted;
  inserted.reserve(new_outcomes.size());
  for (size_t index : new_outcomes) inserted.push_back(&*(*outcomes)[index].message);
  DCHAT_RETURN_IF_ERROR(internal::InsertMessages(*writer_, inserted));

  for (const auto& [room_id, room] : rooms) {
    if (room.changed) DCHAT_RETURN_IF_ERROR(PublishRoom(room_id, room));
  }
  return writer_->ExecScript("COMMIT", "commit appended messages");
}

// Locks the room's row until the transaction ends, creating it for a new
// room, and reads the room's newest sequence and the time for the batch's
// messages: the database's clock, but no earlier than the room's newest
// message.
Status PostgresMessageStore::LockRoom(const std::string& room_id, LockedRoom* room) {
  Result<internal::PgResult> row = writer_->Exec(
      "INSERT INTO dchat_message_rooms AS r (room_id, last_seq, last_created_at_us)"
      " VALUES ($1, 0, 0)"
      " ON CONFLICT (room_id) DO UPDATE SET last_seq = r.last_seq"
      " RETURNING r.last_seq, GREATEST(r.last_created_at_us,"
      " (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT)",
      {PgText(room_id)}, "lock room " + room_id);
  if (!row.ok()) return row.status();
  room->last_seq = row->Int64(0, 0);
  room->created_at_us = row->Int64(0, 1);
  return OkStatus();
}

// Stores the room's new newest sequence and queues the notification that
// PostgreSQL sends to every listening store at COMMIT.
Status PostgresMessageStore::PublishRoom(const std::string& room_id,
                                         const LockedRoom& room) {
  Result<internal::PgResult> published = writer_->Exec(
      "WITH updated AS (UPDATE dchat_message_rooms"
      " SET last_seq = $2, last_created_at_us = $3 WHERE room_id = $1)"
      " SELECT pg_notify($4, $5)",
      {PgText(room_id), PgInt(room.last_seq), PgInt(room.created_at_us),
       PgText(internal::kMessageChannel),
       PgText(internal::FormatNotification(room_id, room.last_seq))},
      "update room " + room_id);
  return published.status();
}

Status PostgresMessageStore::ReconnectWriterIfBroken() {
  if (!writer_->broken()) return OkStatus();
  const Status status = writer_->Reconnect();
  if (status.ok()) {
    spdlog::info("message store reopened its write connection to PostgreSQL at {}",
                 writer_->description());
  }
  return status;
}

}  // namespace

Result<std::unique_ptr<MessageStore>> OpenPostgresMessageStore(
    const std::string& conninfo) {
  // The write connection opens first, because it creates or upgrades the
  // schema that the other connections read.
  Result<std::unique_ptr<PgConnection>> writer = PgConnection::Connect(conninfo);
  if (!writer.ok()) return writer.status();
  DCHAT_RETURN_IF_ERROR(internal::EnsureMessageSchema(**writer));

  std::vector<std::unique_ptr<PgConnection>> readers;
  for (int i = 0; i < kReadConnections; ++i) {
    Result<std::unique_ptr<PgConnection>> reader = PgConnection::Connect(conninfo);
    if (!reader.ok()) return reader.status();
    readers.push_back(std::move(reader).value());
  }

  auto relay = std::make_unique<CommitRelay>();
  Result<std::unique_ptr<NotificationFollower>> follower =
      NotificationFollower::Start(conninfo, relay.get());
  if (!follower.ok()) return follower.status();

  spdlog::debug("message store opened on PostgreSQL at {}", (*writer)->description());
  return std::unique_ptr<MessageStore>(std::make_unique<PostgresMessageStore>(
      std::move(writer).value(), std::move(readers), std::move(relay),
      std::move(follower).value()));
}

}  // namespace dchat
