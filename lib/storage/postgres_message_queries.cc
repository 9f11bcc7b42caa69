#include "storage/postgres_message_queries.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <set>
#include <string_view>
#include <tuple>

namespace dchat::internal {
namespace {

// migrations[i] upgrades the schema from version i to i + 1. Databases in
// use have run the released entries, so change the schema by appending one.
constexpr std::array<std::string_view, 1> kMigrations = {
    // Version 1. dchat_message_rooms holds each room's newest sequence:
    // an append locks the room's row until it commits, which orders the
    // appends of every store on the database. last_created_at_us keeps a
    // room's times from going back when replicas' clocks disagree. Message
    // text is BYTEA, because valid UTF-8 may contain NUL, which TEXT
    // rejects.
    R"sql(
      CREATE TABLE IF NOT EXISTS dchat_message_rooms (
        room_id TEXT PRIMARY KEY,
        last_seq BIGINT NOT NULL,
        last_created_at_us BIGINT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS dchat_messages (
        room_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        sender_id TEXT NOT NULL,
        sender_username TEXT NOT NULL,
        text BYTEA NOT NULL,
        idempotency_key TEXT NOT NULL,
        created_at_us BIGINT NOT NULL,
        PRIMARY KEY (room_id, seq)
      );
      CREATE UNIQUE INDEX IF NOT EXISTS dchat_messages_by_idempotency_key
        ON dchat_messages (room_id, sender_id, idempotency_key)
        WHERE idempotency_key <> '';
    )sql",
};

constexpr int64_t kSchemaVersion = static_cast<int64_t>(kMigrations.size());

// The key of the advisory lock that serializes schema changes: "dchat_ms"
// in ASCII.
constexpr int64_t kSchemaLockKey = 0x64636861745F6D73;

constexpr std::string_view kMessageColumns =
    "seq, sender_id, sender_username, text, idempotency_key, created_at_us";

// OIDs of built-in types, as the pg_type catalog lists them: bytea, int8
// (BIGINT) and text. array_recv rejects an array whose element OID differs
// from the type that the statement casts the parameter to.
constexpr uint32_t kByteaOid = 17;
constexpr uint32_t kInt8Oid = 20;
constexpr uint32_t kTextOid = 25;

// A one-dimensional array parameter without NULLs, in PostgreSQL's binary
// array format as array_recv reads it. The header is five big-endian
// int32s: 1 dimension, 0 for no NULLs, the element type's OID, the length
// and the lower bound 1. Each element follows as a big-endian int32 byte
// count and the element's binary form, which for text and BYTEA is the
// bytes themselves, so nothing needs quoting or escaping.
class BinaryArray {
 public:
  explicit BinaryArray(uint32_t element_type) : element_type_(element_type) {}

  void Add(std::string_view bytes) {
    AppendInt32(elements_, static_cast<uint32_t>(bytes.size()));
    elements_.append(bytes);
    ++length_;
  }

  void AddInt64(int64_t value) {
    AppendInt32(elements_, 8);
    const auto bits = static_cast<uint64_t>(value);
    AppendInt32(elements_, static_cast<uint32_t>(bits >> 32));
    AppendInt32(elements_, static_cast<uint32_t>(bits));
    ++length_;
  }

  PgParam ToParam() && {
    std::string array;
    array.reserve(20 + elements_.size());
    AppendInt32(array, 1);
    AppendInt32(array, 0);
    AppendInt32(array, element_type_);
    AppendInt32(array, length_);
    AppendInt32(array, 1);
    array += elements_;
    return PgParam{std::move(array), /*binary=*/true};
  }

 private:
  static void AppendInt32(std::string& out, uint32_t value) {
    const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                           static_cast<char>(value >> 8), static_cast<char>(value)};
    out.append(bytes, 4);
  }

  uint32_t element_type_;
  uint32_t length_ = 0;
  std::string elements_;
};

MessageRecord ReadMessage(const PgResult& rows, int row, int first_column,
                          const std::string& room_id) {
  MessageRecord message;
  message.room_id = room_id;
  message.seq = rows.Int64(row, first_column);
  message.sender_id = rows.Text(row, first_column + 1);
  message.sender_username = rows.Text(row, first_column + 2);
  message.text = rows.Bytes(row, first_column + 3);
  message.idempotency_key = rows.Text(row, first_column + 4);
  message.created_at_us = rows.Int64(row, first_column + 5);
  return message;
}

Result<int64_t> ReadSchemaVersion(PgConnection& db) {
  DCHAT_RETURN_IF_ERROR(db.ExecScript(
      "CREATE TABLE IF NOT EXISTS dchat_schema_versions ("
      " component TEXT PRIMARY KEY, version BIGINT NOT NULL)",
      "create the schema version table"));
  Result<PgResult> version = db.Exec(
      "SELECT version FROM dchat_schema_versions WHERE component = $1",
      {PgText("message")}, "read the schema version");
  if (!version.ok()) return version.status();
  return version->rows() == 0 ? 0 : version->Int64(0, 0);
}

Status Migrate(PgConnection& db) {
  Result<PgResult> locked = db.Exec("SELECT pg_advisory_xact_lock($1)",
                                    {PgInt(kSchemaLockKey)},
                                    "lock the schema");
  if (!locked.ok()) return locked.status();

  Result<int64_t> version = ReadSchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version > kSchemaVersion) {
    return FailedPreconditionError(
        "PostgreSQL database at " + db.description() +
        " holds message schema version " + std::to_string(*version) +
        ", but this dchat reads up to " + std::to_string(kSchemaVersion) +
        ": run a newer dchat-message");
  }

  for (int64_t next = *version; next < kSchemaVersion; ++next) {
    DCHAT_RETURN_IF_ERROR(db.ExecScript(std::string(kMigrations[next]),
                                        "migrate the message schema to version " +
                                            std::to_string(next + 1)));
  }
  Result<PgResult> stored = db.Exec(
      "INSERT INTO dchat_schema_versions (component, version) VALUES ($1, $2)"
      " ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version",
      {PgText("message"), PgInt(kSchemaVersion)}, "store the schema version");
  return stored.status();
}

}  // namespace

Status EnsureMessageSchema(PgConnection& db) {
  DCHAT_RETURN_IF_ERROR(db.ExecScript("BEGIN", "begin the schema transaction"));
  const Status migrated = Migrate(db);
  if (!migrated.ok()) {
    db.RollBack();
    return migrated;
  }
  return db.ExecScript("COMMIT", "commit the schema");
}

Result<std::vector<MessageRecord>> ReadMessageRange(PgConnection& db,
                                                    const std::string& room_id,
                                                    int64_t after_seq,
                                                    int64_t last_seq, int limit) {
  Result<PgResult> rows = db.Exec(
      "SELECT " + std::string(kMessageColumns) +
          " FROM dchat_messages WHERE room_id = $1 AND seq > $2 AND seq <= $3"
          " ORDER BY seq LIMIT $4",
      {PgText(room_id), PgInt(after_seq), PgInt(last_seq), PgInt(limit)},
      "read committed messages");
  if (!rows.ok()) return rows.status();

  std::vector<MessageRecord> messages;
  messages.reserve(rows->rows());
  for (int row = 0; row < rows->rows(); ++row) {
    messages.push_back(ReadMessage(*rows, row, 0, room_id));
  }
  return messages;
}

Result<MessagePage> ReadMessagePage(PgConnection& db, const std::string& room_id,
                                    int64_t before_seq, int64_t after_seq,
                                    int limit) {
  // One statement, so that last_seq and the page come from one snapshot.
  // The room's row is always present, with NULL message columns when the
  // page is empty. The page contains one message beyond `limit` when more
  // match: the newest for a forward read, the oldest for a backward one.
  //
  // A room's sequences have no gaps, so the page is also a range of at
  // most $4 sequences, and the query bounds it on both sides. Bounded on
  // one side only, the planner chose a bitmap scan of every message below
  // the page when its statistics were stale, such as after a bulk load:
  // 35 ms instead of 0.1 ms in a room of 100,000 messages.
  const bool forward = after_seq > 0;
  const std::string range =
      forward ? "seq > $2::BIGINT AND seq < LEAST($3::BIGINT, $2::BIGINT + $4::BIGINT + 1)"
              : "seq > GREATEST($2::BIGINT, LEAST($3::BIGINT - 1, r.last_seq) - $4::BIGINT)"
                " AND seq < $3::BIGINT";
  const std::string sql =
      "SELECT r.last_seq, m.* FROM"
      " (SELECT COALESCE(MAX(seq), 0) AS last_seq FROM dchat_messages"
      "  WHERE room_id = $1) r"
      " LEFT JOIN LATERAL (SELECT " + std::string(kMessageColumns) +
      "  FROM dchat_messages WHERE room_id = $1 AND " + range +
      "  ORDER BY seq " + (forward ? "ASC" : "DESC") + " LIMIT $4) m ON true"
      " ORDER BY m.seq ASC";
  Result<PgResult> rows = db.Exec(
      sql,
      {PgText(room_id), PgInt(after_seq),
       PgInt(before_seq > 0 ? before_seq : std::numeric_limits<int64_t>::max()),
       PgInt(static_cast<int64_t>(limit) + 1)},
      "read a page of messages");
  if (!rows.ok()) return rows.status();

  MessagePage page;
  if (rows->rows() > 0) page.last_seq = rows->Int64(0, 0);
  for (int row = 0; row < rows->rows(); ++row) {
    if (rows->IsNull(row, 1)) continue;
    page.messages.push_back(ReadMessage(*rows, row, 1, room_id));
  }
  if (page.messages.size() > static_cast<size_t>(limit)) {
    page.has_more = true;
    if (forward) {
      page.messages.pop_back();
    } else {
      page.messages.erase(page.messages.begin());
    }
  }
  return page;
}

Result<int64_t> ReadLastSeq(PgConnection& db, const std::string& room_id) {
  Result<PgResult> rows = db.Exec(
      "SELECT COALESCE(MAX(seq), 0) FROM dchat_messages WHERE room_id = $1",
      {PgText(room_id)}, "read the last sequence");
  if (!rows.ok()) return rows.status();
  return rows->Int64(0, 0);
}

Result<std::vector<std::pair<std::string, int64_t>>> ReadAllLastSeqs(
    PgConnection& db) {
  Result<PgResult> rows = db.Exec(
      "SELECT room_id, last_seq FROM dchat_message_rooms", {},
      "read the last sequence of every room");
  if (!rows.ok()) return rows.status();

  std::vector<std::pair<std::string, int64_t>> rooms;
  rooms.reserve(rows->rows());
  for (int row = 0; row < rows->rows(); ++row) {
    rooms.emplace_back(rows->Text(row, 0), rows->Int64(row, 1));
  }
  return rooms;
}

Result<std::vector<MessageRecord>> FindMessagesByKeys(
    PgConnection& db, const std::vector<const MessageRecord*>& messages) {
  std::set<std::tuple<std::string, std::string, std::string>> keys;
  for (const MessageRecord* message : messages) {
    if (message->idempotency_key.empty()) continue;
    keys.emplace(message->room_id, message->sender_id, message->idempotency_key);
  }
  if (keys.empty()) return std::vector<MessageRecord>();

  BinaryArray room_ids(kTextOid);
  BinaryArray sender_ids(kTextOid);
  BinaryArray idempotency_keys(kTextOid);
  for (const auto& [room_id, sender_id, idempotency_key] : keys) {
    room_ids.Add(room_id);
    sender_ids.Add(sender_id);
    idempotency_keys.Add(idempotency_key);
  }

  // LATERAL looks each key up on its own, through the partial unique
  // index, whose WHERE clause the condition on idempotency_key repeats so
  // that the planner can use it.
  Result<PgResult> rows = db.Exec(
      "SELECT k.room_id, m.* FROM"
      " unnest($1::TEXT[], $2::TEXT[], $3::TEXT[]) AS k(room_id, sender_id, idempotency_key)"
      " CROSS JOIN LATERAL (SELECT " + std::string(kMessageColumns) +
          " FROM dchat_messages WHERE room_id = k.room_id AND sender_id = k.sender_id"
          " AND idempotency_key = k.idempotency_key AND idempotency_key <> '') m",
      {std::move(room_ids).ToParam(), std::move(sender_ids).ToParam(),
       std::move(idempotency_keys).ToParam()},
      "find messages by idempotency key");
  if (!rows.ok()) return rows.status();

  std::vector<MessageRecord> found;
  found.reserve(rows->rows());
  for (int row = 0; row < rows->rows(); ++row) {
    found.push_back(ReadMessage(*rows, row, 1, rows->Text(row, 0)));
  }
  return found;
}

Status InsertMessages(PgConnection& db,
                      const std::vector<const MessageRecord*>& messages) {
  if (messages.empty()) return OkStatus();
  BinaryArray room_ids(kTextOid);
  BinaryArray seqs(kInt8Oid);
  BinaryArray sender_ids(kTextOid);
  BinaryArray sender_usernames(kTextOid);
  BinaryArray texts(kByteaOid);
  BinaryArray idempotency_keys(kTextOid);
  BinaryArray created_at_us(kInt8Oid);
  for (const MessageRecord* message : messages) {
    room_ids.Add(message->room_id);
    seqs.AddInt64(message->seq);
    sender_ids.Add(message->sender_id);
    sender_usernames.Add(message->sender_username);
    texts.Add(message->text);
    idempotency_keys.Add(message->idempotency_key);
    created_at_us.AddInt64(message->created_at_us);
  }

  Result<PgResult> inserted = db.Exec(
      "INSERT INTO dchat_messages (room_id, seq, sender_id, sender_username, text,"
      " idempotency_key, created_at_us)"
      " SELECT * FROM unnest($1::TEXT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[],"
      " $5::BYTEA[], $6::TEXT[], $7::BIGINT[])",
      {std::move(room_ids).ToParam(), std::move(seqs).ToParam(),
       std::move(sender_ids).ToParam(), std::move(sender_usernames).ToParam(),
       std::move(texts).ToParam(), std::move(idempotency_keys).ToParam(),
       std::move(created_at_us).ToParam()},
      "insert " + std::to_string(messages.size()) + " messages");
  return inserted.status();
}

bool ParseNotification(const std::string& payload, std::string* room_id,
                       int64_t* last_seq) {
  const size_t space = payload.find(' ');
  if (space == std::string::npos || space + 1 >= payload.size()) return false;
  const auto [end, error] =
      std::from_chars(payload.data(), payload.data() + space, *last_seq);
  if (error != std::errc() || end != payload.data() + space) return false;
  *room_id = payload.substr(space + 1);
  return true;
}

std::string FormatNotification(const std::string& room_id, int64_t last_seq) {
  return std::to_string(last_seq) + " " + room_id;
}

}  // namespace dchat::internal
