#include "storage/postgres_connection.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <charconv>
#include <cstring>
#include <utility>

#include "dchat/postgres_storage.h"

namespace dchat::internal {
namespace {

// Parameters shown in messages about a connection. The password is
// deliberately absent.
constexpr const char* kDescribedOptions[] = {"host", "hostaddr", "port",
                                             "dbname", "user"};

std::string TrimTrailingSpace(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.pop_back();
  }
  return text;
}

// Replaces every run of white space, such as the newline and tab inside
// libpq's messages, by one space, so that a message fits one log line.
std::string CollapseSpace(const std::string& text) {
  std::string collapsed;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      collapsed += c;
    } else if (!collapsed.empty() && collapsed.back() != ' ') {
      collapsed += ' ';
    }
  }
  return TrimTrailingSpace(collapsed);
}

bool IsConninfoKeyword(const std::string& token) {
  if (token == "=") return true;
  PQconninfoOption* defaults = PQconndefaults();
  bool found = false;
  for (const PQconninfoOption* option = defaults;
       option != nullptr && option->keyword != nullptr; ++option) {
    if (token == option->keyword) found = true;
  }
  PQconninfoFree(defaults);
  return found;
}

// Replaces each double-quoted token of a libpq parse error with "...",
// because the token may be part of a password, unless it is "=" or a
// parameter name.
std::string ElideQuotedTokens(const std::string& text) {
  std::string elided;
  std::string token;
  bool quoted = false;
  for (char c : text) {
    if (c != '"') {
      (quoted ? token : elided) += c;
      continue;
    }
    if (quoted) {
      elided += (IsConninfoKeyword(token) ? token : "...") + "\"";
      token.clear();
    } else {
      elided += '"';
    }
    quoted = !quoted;
  }
  return elided;
}

std::string Describe(const PQconninfoOption* options) {
  std::string description;
  for (const char* keyword : kDescribedOptions) {
    for (const PQconninfoOption* option = options; option->keyword != nullptr;
         ++option) {
      if (std::strcmp(option->keyword, keyword) != 0) continue;
      if (option->val == nullptr || option->val[0] == '\0') break;
      if (!description.empty()) description += ' ';
      description += std::string(keyword) + "=" + option->val;
      break;
    }
  }
  return description.empty() ? "libpq's default server" : description;
}

std::string DescribeConnection(PGconn* conn) {
  PQconninfoOption* options = PQconninfo(conn);
  if (options == nullptr) return "an unknown server";
  std::string description = Describe(options);
  PQconninfoFree(options);
  return description;
}

// libpq treats a string without '=' that is not a URI as a database name.
bool LooksLikeConninfo(const std::string& conninfo) {
  return conninfo.find('=') != std::string::npos ||
         conninfo.starts_with("postgresql://") ||
         conninfo.starts_with("postgres://");
}

Status CheckConninfoSyntax(const std::string& conninfo) {
  if (!LooksLikeConninfo(conninfo)) return OkStatus();
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options != nullptr) {
    PQconninfoFree(options);
    return OkStatus();
  }
  std::string reason = error != nullptr ? error : "out of memory";
  PQfreemem(error);
  return InvalidArgumentError(
      "PostgreSQL connection string is invalid: " +
      ElideQuotedTokens(CollapseSpace(reason)) +
      "; use keyword=value pairs such as \"host=127.0.0.1 port=5432 "
      "dbname=dchat user=dchat\" or a postgresql:// URI");
}

// Defaults come before "dbname", which libpq expands into the parameters
// of `conninfo`, so the connection string overrides them. client_encoding
// comes after it, because the store passes text through byte for byte.
PGconn* StartConnection(const std::string& conninfo) {
  const char* keywords[] = {"connect_timeout", "application_name", "dbname",
                            "client_encoding", nullptr};
  const char* values[] = {"10", "dchat", conninfo.c_str(), "UTF8", nullptr};
  return PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
}

// Sends server notices, such as "relation already exists, skipping" from
// CREATE TABLE IF NOT EXISTS, to the debug log instead of stderr.
void LogNotice(void*, const char* message) {
  spdlog::debug("PostgreSQL: {}", TrimTrailingSpace(message));
}

Status ConnectionFailure(PGconn* conn) {
  return UnavailableError(
      "cannot connect to PostgreSQL at " + DescribeConnection(conn) + ": " +
      CollapseSpace(PQerrorMessage(conn)) +
      "; check that the server runs and accepts this user, and check the "
      "connection string (dchat-message --postgres-url)");
}

// SQLSTATE classes of failures that a retry may cure: connection
// exceptions (08), insufficient resources (53), operator intervention such
// as a server shutdown (57), and transaction rollbacks such as deadlocks
// (40).
bool IsTransient(const char* sqlstate) {
  if (sqlstate == nullptr) return true;  // no server reply: connection lost
  const std::string_view state(sqlstate);
  return state.starts_with("08") || state.starts_with("53") ||
         state.starts_with("57") || state.starts_with("40") ||
         state == "55P03";  // lock_not_available
}

}  // namespace

std::string ConnectionErrorMessage(PGconn* conn) {
  return CollapseSpace(PQerrorMessage(conn));
}

PgParam PgText(std::string value) { return PgParam{std::move(value), false}; }
PgParam PgInt(int64_t value) { return PgParam{std::to_string(value), false}; }
PgParam PgBytes(std::string value) { return PgParam{std::move(value), true}; }

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

PgResult::~PgResult() { PQclear(result_); }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     PQgetlength(result_, row, column));
}

int64_t PgResult::Int64(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  const char* end = text + PQgetlength(result_, row, column);
  int64_t value = 0;
  std::from_chars(text, end, value);
  return value;
}

std::string PgResult::Bytes(int row, int column) const {
  size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)),
      &length);
  if (bytes == nullptr) return "";
  std::string decoded(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return decoded;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& conninfo) {
  DCHAT_RETURN_IF_ERROR(CheckConninfoSyntax(conninfo));

  PGconn* conn = StartConnection(conninfo);
  if (conn == nullptr) {
    return UnavailableError("cannot connect to PostgreSQL: libpq is out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    Status failure = ConnectionFailure(conn);
    PQfinish(conn);
    return failure;
  }
  PQsetNoticeProcessor(conn, LogNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn, conninfo));
}

PgConnection::PgConnection(PGconn* conn, std::string conninfo)
    : conn_(conn),
      conninfo_(std::move(conninfo)),
      description_(DescribeConnection(conn)) {}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<PgResult> PgConnection::Exec(std::string_view sql,
                                    const std::vector<PgParam>& params,
                                    std::string_view what) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const PgParam& param : params) {
    values.push_back(param.value.c_str());
    lengths.push_back(static_cast<int>(param.value.size()));
    formats.push_back(param.binary ? 1 : 0);
  }

  const std::string statement(sql);
  PgResult result(PQexecParams(conn_, statement.c_str(),
                               static_cast<int>(params.size()),
                               /*paramTypes=*/nullptr, values.data(),
                               lengths.data(), formats.data(),
                               /*resultFormat=*/0));
  return CheckResult(std::move(result), what);
}

Status PgConnection::ExecScript(const std::string& sql, std::string_view what) {
  Result<PgResult> result = CheckResult(PgResult(PQexec(conn_, sql.c_str())), what);
  return result.status();
}

Result<PgResult> PgConnection::CheckResult(PgResult result,
                                           std::string_view what) const {
  const ExecStatusType state = result.raw() == nullptr
                                   ? PGRES_FATAL_ERROR
                                   : PQresultStatus(result.raw());
  if (state == PGRES_COMMAND_OK || state == PGRES_TUPLES_OK) return result;

  std::string reason;
  const char* sqlstate = nullptr;
  if (result.raw() != nullptr) {
    const char* primary = PQresultErrorField(result.raw(), PG_DIAG_MESSAGE_PRIMARY);
    if (primary != nullptr) reason = CollapseSpace(primary);
    sqlstate = PQresultErrorField(result.raw(), PG_DIAG_SQLSTATE);
  }
  if (reason.empty()) reason = CollapseSpace(PQerrorMessage(conn_));

  std::string message = std::string(what) + " failed on PostgreSQL at " +
                        description_ + ": " + reason;
  if (sqlstate != nullptr) message += " (SQLSTATE " + std::string(sqlstate) + ")";
  if (broken() || IsTransient(sqlstate)) return UnavailableError(message);
  return InternalError(message);
}

void PgConnection::RollBack() {
  if (broken()) return;
  const Status status = ExecScript("ROLLBACK", "roll back");
  if (!status.ok()) spdlog::warn("{}", status.message());
}

Status PgConnection::Reconnect() {
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return ConnectionFailure(conn_);
  description_ = DescribeConnection(conn_);
  return OkStatus();
}

}  // namespace dchat::internal

namespace dchat {

std::string DescribePostgresConninfo(const std::string& conninfo) {
  if (!internal::LooksLikeConninfo(conninfo)) {
    return conninfo.empty() ? "libpq's default server" : "dbname=" + conninfo;
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  PQfreemem(error);
  if (options == nullptr) return "an invalid connection string";
  std::string description = internal::Describe(options);
  PQconninfoFree(options);
  return description;
}

}  // namespace dchat
