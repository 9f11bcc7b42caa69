// The SQL of the PostgreSQL message store: its schema, and the statements
// that more than one of its threads runs.
#ifndef DCHAT_STORAGE_POSTGRES_MESSAGE_QUERIES_H_
#define DCHAT_STORAGE_POSTGRES_MESSAGE_QUERIES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dchat/status.h"
#include "dchat/storage.h"
#include "storage/postgres_connection.h"

namespace dchat::internal {

// The channel of the notifications sent at each commit. The payload is
// "<last_seq> <room_id>": the room's newest sequence after the commit.
inline constexpr char kMessageChannel[] = "dchat_messages";

// Creates the tables, or upgrades them to the current schema version, in
// one transaction that holds an advisory lock, so that stores opening at
// once do not race. FAILED_PRECONDITION for a newer version.
Status EnsureMessageSchema(PgConnection& db);

// Reads up to `limit` messages of a room with after_seq < seq <= last_seq,
// in sequence order.
Result<std::vector<MessageRecord>> ReadMessageRange(PgConnection& db,
                                                    const std::string& room_id,
                                                    int64_t after_seq,
                                                    int64_t last_seq, int limit);

// MessageStore::Read on `db`, with `limit` already checked.
Result<MessagePage> ReadMessagePage(PgConnection& db, const std::string& room_id,
                                    int64_t before_seq, int64_t after_seq,
                                    int limit);

Result<int64_t> ReadLastSeq(PgConnection& db, const std::string& room_id);

// Reads the newest sequence of every room.
Result<std::vector<std::pair<std::string, int64_t>>> ReadAllLastSeqs(
    PgConnection& db);

// Returns, in one round trip, the stored messages that have the room,
// sender and non-empty idempotency key of one of `messages`, at most one
// per key. Messages without a key are skipped.
Result<std::vector<MessageRecord>> FindMessagesByKeys(
    PgConnection& db, const std::vector<const MessageRecord*>& messages);

// Inserts `messages`, with their sequences and times already set, in one
// statement.
Status InsertMessages(PgConnection& db,
                      const std::vector<const MessageRecord*>& messages);

// Parses a notification payload; false when it is malformed.
bool ParseNotification(const std::string& payload, std::string* room_id,
                       int64_t* last_seq);
std::string FormatNotification(const std::string& room_id, int64_t last_seq);

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_POSTGRES_MESSAGE_QUERIES_H_
