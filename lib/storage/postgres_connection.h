// RAII wrappers of libpq connections and results, with errors mapped to
// dchat::Status. Used by the PostgreSQL message store.
#ifndef DCHAT_STORAGE_POSTGRES_CONNECTION_H_
#define DCHAT_STORAGE_POSTGRES_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dchat/status.h"

namespace dchat::internal {

// One statement parameter, sent in text form unless `binary` is set.
struct PgParam {
  std::string value;
  bool binary = false;
};

PgParam PgText(std::string value);
PgParam PgInt(int64_t value);
// Raw bytes for a BYTEA column; may contain NUL bytes.
PgParam PgBytes(std::string value);

// Returns libpq's last error on `conn` on one line.
std::string ConnectionErrorMessage(PGconn* conn);

// The result of a successful statement, in libpq's text format.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) {
    other.result_ = nullptr;
  }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int rows() const { return PQntuples(result_); }
  bool IsNull(int row, int column) const {
    return PQgetisnull(result_, row, column) != 0;
  }
  std::string Text(int row, int column) const;
  // Returns 0 for NULL.
  int64_t Int64(int row, int column) const;
  // Decodes a BYTEA column.
  std::string Bytes(int row, int column) const;

  PGresult* raw() const { return result_; }

 private:
  PGresult* result_ = nullptr;
};

class PgConnection {
 public:
  // Connects and checks that the server accepted the connection. INVALID_ARGUMENT when
  // libpq cannot parse `conninfo`, UNAVAILABLE when the connection fails.
  static Result<std::unique_ptr<PgConnection>> Connect(
      const std::string& conninfo);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // Runs one statement with parameters $1, $2, ... bound to `params`.
  // `what` names the step in error messages, such as "insert message".
  Result<PgResult> Exec(std::string_view sql,
                        const std::vector<PgParam>& params,
                        std::string_view what);

  // Runs constant SQL that may hold several statements and takes no
  // parameters, such as a schema migration.
  Status ExecScript(const std::string& sql, std::string_view what);

  // Rolls back the open transaction, if any; errors are only logged,
  // because the caller is already handling a failure.
  void RollBack();

  // True when the connection to the server is lost.
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  // Closes and reopens the connection with the same parameters.
  Status Reconnect();

  PGconn* raw() const { return conn_; }
  // "host=... port=... dbname=... user=...", for messages.
  const std::string& description() const { return description_; }

 private:
  PgConnection(PGconn* conn, std::string conninfo);

  // Returns `result` when its statement succeeded, else the error.
  Result<PgResult> CheckResult(PgResult result, std::string_view what) const;

  PGconn* conn_ = nullptr;
  std::string conninfo_;
  std::string description_;
};

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_POSTGRES_CONNECTION_H_
