// The PostgreSQL back end of the message store, for deployments where
// several message servers share one database:
//
//   dchat::Result<std::unique_ptr<dchat::MessageStore>> store =
//       dchat::OpenPostgresMessageStore(
//           "host=db.internal port=5432 dbname=dchat user=dchat");
//
// Connection string: any libpq connection string, either keyword=value
// pairs ("host=127.0.0.1 port=5432 dbname=dchat user=dchat") or a URI
// ("postgresql://dchat@127.0.0.1:5432/dchat"). Parameters it leaves out
// come from the PG* environment variables and libpq's defaults, as in psql;
// a password may also come from ~/.pgpass. Unless the string sets them,
// connect_timeout is 10 seconds and application_name is "dchat".
//
// Schema: tables dchat_messages, dchat_message_rooms and
// dchat_schema_versions in the connection's default schema, created on
// open. The database user needs CREATE on that schema for the first open,
// then SELECT, INSERT and UPDATE on the tables. A database written by a
// newer dchat is rejected rather than misread.
//
// Behavior: the same as OpenSqliteMessageStore's, with these additions.
// Stores on several machines may append to one room at once: a row per
// room, locked by each appending transaction, keeps its sequences free of
// gaps and duplicates. Each store commits appends in batches on one writer
// thread, and an append is acknowledged only after COMMIT returns. The
// commit listener also receives the messages that other stores commit to
// the same database. The store learns of them through LISTEN/NOTIFY on
// the channel "dchat_messages" and reads them back from the database, so
// each room's messages still reach the listener in sequence order with no
// gap. Those calls come from the store's notification thread. A message
// committed by this store may reach the listener from that thread too,
// when its notification arrives first, but always before the Append that
// stored it returns. NOTE: when the writer thread fails to read back
// another store's messages that precede its own, it logs a warning and
// passes its own messages anyway, so the listener receives a gap there.
//
// Thread safety: the store is safe to call from many threads at once. It
// holds six connections: one for the writer thread, one for the
// notification thread, and four for reads.
//
// Errors: INVALID_ARGUMENT for a connection string that libpq cannot
// parse; UNAVAILABLE when the server cannot be reached, or drops the
// connection during a call (the writer and notification threads reconnect
// by themselves); FAILED_PRECONDITION for a database written by a newer
// dchat; INTERNAL for other database errors, such as missing privileges.
// Messages name the server and database, never the password.
#ifndef DCHAT_POSTGRES_STORAGE_H_
#define DCHAT_POSTGRES_STORAGE_H_

#include <memory>
#include <string>

#include "dchat/status.h"
#include "dchat/storage.h"

namespace dchat {

// Connects to the database that `conninfo` names, creates or upgrades the
// schema, and returns a message store on it.
Result<std::unique_ptr<MessageStore>> OpenPostgresMessageStore(
    const std::string& conninfo);

// Returns the host, port, database and user that `conninfo` sets, as
// "host=... port=... dbname=... user=...", without the password: for logs.
// Parameters the string leaves out are not shown.
std::string DescribePostgresConninfo(const std::string& conninfo);

}  // namespace dchat

#endif  // DCHAT_POSTGRES_STORAGE_H_
