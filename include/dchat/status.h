// dchat::Status and dchat::Result<T>: the error vocabulary of the SDK.
//
// Every SDK call that can fail returns a Status, or a Result<T> holding
// either a value or a non-OK Status. The codes are gRPC's canonical codes
// with the same numbers, so a Status crosses the wire unchanged: a server
// handler's Status is what the client's call returns.
//
//   dchat::Result<dchat::v1::Room> room = rooms.GetRoom(request);
//   if (!room.ok()) {
//     if (room.status().code() == dchat::Code::kNotFound) { ... }
//     return room.status();
//   }
//   Use(room->name());
//
// Status and Result are values: copyable, movable, and safe to share
// between threads when not modified.
#ifndef DCHAT_STATUS_H_
#define DCHAT_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dchat {

// gRPC's canonical status codes, with gRPC's numbers.
enum class Code : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

// Returns the upper-case gRPC name of a code, such as "NOT_FOUND".
std::string_view CodeName(Code code);

// The outcome of an operation: OK, or a code with a message that says what
// failed, on which value, and what to do next.
class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(Code code, std::string message);

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or "NOT_FOUND: room 'x' does not exist".
  std::string ToString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
Status CancelledError(std::string message);
Status InvalidArgumentError(std::string message);
Status DeadlineExceededError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status PermissionDeniedError(std::string message);
Status ResourceExhaustedError(std::string message);
Status FailedPreconditionError(std::string message);
Status UnimplementedError(std::string message);
Status InternalError(std::string message);
Status UnavailableError(std::string message);
Status UnauthenticatedError(std::string message);

// Either a value of type T or a non-OK Status.
//
// Accessing the value of a failed Result is a programming error, checked by
// assert in debug builds.
template <class T>
class [[nodiscard]] Result {
 public:
  // A failed Result. `status` must not be OK.
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "a Result holding no value needs an error status");
    if (status_.ok()) status_ = Status(Code::kInternal, "Result built from an OK status");
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  // OK when a value is present.
  const Status& status() const { return status_; }

  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }

  T& operator*() & { return Checked(); }
  const T& operator*() const& { return Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }

  // The value, or `fallback` when the Result failed.
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  T& Checked() {
    assert(value_.has_value() && "value() called on a failed Result");
    return *value_;
  }
  const T& Checked() const {
    assert(value_.has_value() && "value() called on a failed Result");
    return *value_;
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace dchat

// Returns from the enclosing function when `expr` yields a non-OK Status.
#define DCHAT_RETURN_IF_ERROR(expr)             \
  do {                                          \
    ::dchat::Status dchat_status_ = (expr);     \
    if (!dchat_status_.ok()) return dchat_status_; \
  } while (false)

#endif  // DCHAT_STATUS_H_
