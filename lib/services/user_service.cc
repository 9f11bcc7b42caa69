// The reference account service: registration, password login and session
// tokens over a UserStore.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <spdlog/spdlog.h>

#include "dchat/reference_services.h"
#include "internal/crypto.h"
#include "internal/validation.h"
#include "services/handler_support.h"

namespace dchat {
namespace {

using internal::QuoteValue;

// Expired sessions are deleted on the first login and then on every
// kSessionSweepEvery-th login, which bounds their number without a thread.
constexpr uint64_t kSessionSweepEvery = 1000;

// A session token is this many random bytes, sent as twice as many hex
// digits.
constexpr size_t kTokenBytes = 32;
constexpr size_t kUserIdBytes = 16;

constexpr char kWrongCredentials[] = "wrong username or password";

v1::User ToProto(const UserRecord& record) {
  v1::User user;
  user.set_user_id(record.user_id);
  user.set_username(record.username);
  user.set_display_name(record.display_name);
  user.set_created_at_us(record.created_at_us);
  return user;
}

// Only well-formed tokens reach the store: 64 lower-case hex digits.
bool IsWellFormedToken(const std::string& token) {
  if (token.size() != 2 * kTokenBytes) return false;
  for (char c : token) {
    const bool hex_digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex_digit) return false;
  }
  return true;
}

// Identifies a session in logs by the first 8 hex digits of its token hash,
// which is enough to match log lines and too little to help guess a token.
std::string TokenHashForLog(const std::string& token_hash) {
  return "token_hash=" + token_hash.substr(0, 8) + "...";
}

class UserService final : public UserServiceBase {
 public:
  UserService(std::shared_ptr<UserStore> store, UserServiceOptions options)
      : store_(std::move(store)), options_(options) {
    Status crypto = internal::InitCrypto();
    if (!crypto.ok()) spdlog::error("user service: {}", crypto.ToString());
    decoy_hash_ = MakeDecoyHash();
  }

  Result<v1::User> Register(const CallContext& call,
                            const v1::RegisterRequest& request) override;
  Result<v1::LoginResponse> Login(const CallContext& call,
                                  const v1::LoginRequest& request) override;
  Result<v1::RevokeTokenResponse> RevokeToken(
      const CallContext& call, const v1::RevokeTokenRequest& request) override;
  Result<v1::VerifyTokenResponse> VerifyToken(
      const CallContext& call, const v1::VerifyTokenRequest& request) override;
  Result<v1::User> GetUser(const CallContext& call,
                           const v1::GetUserRequest& request) override;

 private:
  // Returns the hash of a random password at the configured cost. Logins of
  // unknown users verify against it, so they take as long as those of real
  // users and their timing does not reveal which usernames exist.
  std::string MakeDecoyHash() const {
    Result<std::string> hash =
        internal::HashPassword(internal::RandomHex(kTokenBytes),
                               options_.argon2_ops_limit, options_.argon2_memory_limit);
    if (hash.ok()) return *hash;
    spdlog::error("user service: cannot hash the decoy password: {}",
                  hash.status().ToString());
    return {};
  }

  Status CheckUsernameFree(const std::string& username);
  Status UsernameTaken(const std::string& username) const;
  Result<v1::LoginResponse> IssueToken(const UserRecord& user);
  void MaybeDeleteExpiredSessions(int64_t now_us);
  Result<UserRecord> FindUser(const v1::GetUserRequest& request);
  Result<UserRecord> FindUserById(const std::string& user_id);
  Result<UserRecord> FindUserByName(const std::string& username);

  const std::shared_ptr<UserStore> store_;
  const UserServiceOptions options_;
  std::string decoy_hash_;  // written only by the constructor
  std::atomic<uint64_t> logins_{0};
};

Result<v1::User> UserService::Register(const CallContext&,
                                       const v1::RegisterRequest& request) {
  DCHAT_RETURN_IF_ERROR(internal::ValidateUsername(request.username()));
  DCHAT_RETURN_IF_ERROR(internal::ValidatePassword(request.password()));
  std::string display_name = request.display_name();
  if (display_name.empty()) display_name = request.username();
  DCHAT_RETURN_IF_ERROR(internal::ValidateDisplayName(display_name));

  // Checked before hashing, which is slow on purpose. The store checks
  // again atomically when two registrations race for the name.
  DCHAT_RETURN_IF_ERROR(CheckUsernameFree(request.username()));

  Result<std::string> hash = internal::HashPassword(
      request.password(), options_.argon2_ops_limit, options_.argon2_memory_limit);
  if (!hash.ok()) {
    spdlog::warn("user service: cannot hash the password of new user \"{}\": {}",
                 request.username(), hash.status().ToString());
    return InternalError("password hashing failed: try again later");
  }

  UserRecord record;
  record.user_id = internal::RandomHex(kUserIdBytes);
  record.username = request.username();
  record.display_name = std::move(display_name);
  record.password_hash = std::move(*hash);
  record.created_at_us = internal::NowMicros();

  Status created = store_->CreateUser(record);
  if (created.code() == Code::kAlreadyExists) {
    // Either the name was taken since the check above, or the random id
    // collided. A collision is so unlikely that it counts as a store failure.
    Status free = CheckUsernameFree(record.username);
    if (!free.ok()) return free;
    return services::StoreFailure("user", "create a user",
                                  "user_id=" + record.user_id, created);
  }
  if (!created.ok()) {
    return services::StoreFailure("user", "create a user",
                                  "username=" + record.username, created);
  }
  return ToProto(record);
}

Status UserService::CheckUsernameFree(const std::string& username) {
  Result<UserRecord> existing = store_->FindUserByName(username);
  if (existing.ok()) return UsernameTaken(username);
  if (existing.status().code() == Code::kNotFound) return OkStatus();
  return services::StoreFailure("user", "look up a username",
                                "username=" + username, existing.status());
}

Status UserService::UsernameTaken(const std::string& username) const {
  return AlreadyExistsError("username " + QuoteValue(username) +
                            " is already taken (usernames are unique without "
                            "regard to case): choose another");
}

Result<v1::LoginResponse> UserService::Login(const CallContext&,
                                             const v1::LoginRequest& request) {
  // A malformed username cannot belong to an account, and saying so
  // reveals nothing about which accounts exist.
  DCHAT_RETURN_IF_ERROR(internal::ValidateUsername(request.username()));
  if (request.password().empty()) {
    return InvalidArgumentError("password is missing: give the account's password");
  }
  if (request.password().size() > internal::kMaxPasswordBytes) {
    return InvalidArgumentError("password is too long (" +
                                std::to_string(request.password().size()) +
                                " bytes): passwords have at most " +
                                std::to_string(internal::kMaxPasswordBytes) + " bytes");
  }

  Result<UserRecord> user = store_->FindUserByName(request.username());
  if (!user.ok()) {
    if (user.status().code() != Code::kNotFound) {
      return services::StoreFailure("user", "look up a username",
                                    "username=" + request.username(), user.status());
    }
    internal::VerifyPassword(decoy_hash_, request.password());
    return UnauthenticatedError(kWrongCredentials);
  }
  if (!internal::VerifyPassword(user->password_hash, request.password())) {
    return UnauthenticatedError(kWrongCredentials);
  }
  return IssueToken(*user);
}

Result<v1::LoginResponse> UserService::IssueToken(const UserRecord& user) {
  const int64_t now_us = internal::NowMicros();
  const int64_t ttl_us =
      std::chrono::duration_cast<std::chrono::microseconds>(options_.token_ttl).count();

  // Only the token's hash is stored, so a leaked database yields no usable
  // token.
  std::string token = internal::RandomHex(kTokenBytes);
  SessionRecord session;
  session.token_hash = internal::Sha256Hex(token);
  session.user_id = user.user_id;
  session.created_at_us = now_us;
  session.expires_at_us = now_us + ttl_us;

  Status created = store_->CreateSession(session);
  if (!created.ok()) {
    return services::StoreFailure("user", "create a session",
                                  "user_id=" + user.user_id, created);
  }
  MaybeDeleteExpiredSessions(now_us);

  v1::LoginResponse response;
  response.set_token(std::move(token));
  response.set_expires_at_us(session.expires_at_us);
  *response.mutable_user() = ToProto(user);
  return response;
}

void UserService::MaybeDeleteExpiredSessions(int64_t now_us) {
  if (logins_.fetch_add(1) % kSessionSweepEvery != 0) return;

  // A failure here only delays the clean-up, so the login still succeeds.
  Result<int64_t> deleted = store_->DeleteExpiredSessions(now_us);
  if (!deleted.ok()) {
    spdlog::warn("user store failed to delete expired sessions: {}",
                 deleted.status().ToString());
    return;
  }
  spdlog::debug("user service deleted {} expired sessions", *deleted);
}

Result<v1::RevokeTokenResponse> UserService::RevokeToken(
    const CallContext&, const v1::RevokeTokenRequest& request) {
  if (request.token().empty()) {
    return InvalidArgumentError("token is missing: give the token to revoke");
  }
  // A malformed token has no session, so revoking it succeeds at once.
  if (!IsWellFormedToken(request.token())) return v1::RevokeTokenResponse();

  const std::string token_hash = internal::Sha256Hex(request.token());
  Status deleted = store_->DeleteSession(token_hash);
  if (!deleted.ok()) {
    return services::StoreFailure("user", "delete a session",
                                  TokenHashForLog(token_hash), deleted);
  }
  return v1::RevokeTokenResponse();
}

Result<v1::VerifyTokenResponse> UserService::VerifyToken(
    const CallContext&, const v1::VerifyTokenRequest& request) {
  if (request.token().empty()) {
    return UnauthenticatedError("token is missing: log in to get one");
  }
  if (!IsWellFormedToken(request.token())) {
    return UnauthenticatedError("token is invalid or revoked: log in again");
  }

  const std::string token_hash = internal::Sha256Hex(request.token());
  Result<SessionRecord> session = store_->FindSession(token_hash);
  if (!session.ok()) {
    if (session.status().code() == Code::kNotFound) {
      return UnauthenticatedError("token is invalid or revoked: log in again");
    }
    return services::StoreFailure("user", "look up a session",
                                  TokenHashForLog(token_hash), session.status());
  }

  if (session->expires_at_us <= internal::NowMicros()) {
    Status deleted = store_->DeleteSession(token_hash);
    if (!deleted.ok()) {
      spdlog::warn("user store failed to delete an expired session (user_id={}): {}",
                   session->user_id, deleted.ToString());
    }
    return UnauthenticatedError("token has expired: log in again");
  }

  Result<UserRecord> user = store_->FindUserById(session->user_id);
  if (!user.ok()) {
    if (user.status().code() == Code::kNotFound) {
      return UnauthenticatedError("the token's account no longer exists: log in to another account");
    }
    return services::StoreFailure("user", "look up a user",
                                  "user_id=" + session->user_id, user.status());
  }

  v1::VerifyTokenResponse response;
  *response.mutable_user() = ToProto(*user);
  response.set_expires_at_us(session->expires_at_us);
  return response;
}

Result<v1::User> UserService::GetUser(const CallContext&,
                                      const v1::GetUserRequest& request) {
  Result<UserRecord> user = FindUser(request);
  if (!user.ok()) return user.status();
  return ToProto(*user);
}

Result<UserRecord> UserService::FindUser(const v1::GetUserRequest& request) {
  switch (request.key_case()) {
    case v1::GetUserRequest::kUserId:
      return FindUserById(request.user_id());
    case v1::GetUserRequest::kUsername:
      return FindUserByName(request.username());
    case v1::GetUserRequest::KEY_NOT_SET:
      break;
  }
  return InvalidArgumentError("no user given: set user_id or username");
}

Result<UserRecord> UserService::FindUserById(const std::string& user_id) {
  if (user_id.empty()) return InvalidArgumentError("user_id is missing: give a user id or a username");

  Result<UserRecord> user = store_->FindUserById(user_id);
  if (user.ok()) return user;
  if (user.status().code() == Code::kNotFound) {
    return NotFoundError("user id " + QuoteValue(user_id) + " not found");
  }
  return services::StoreFailure("user", "look up a user", "user_id=" + user_id,
                                user.status());
}

Result<UserRecord> UserService::FindUserByName(const std::string& username) {
  DCHAT_RETURN_IF_ERROR(internal::ValidateUsername(username));

  Result<UserRecord> user = store_->FindUserByName(username);
  if (user.ok()) return user;
  if (user.status().code() == Code::kNotFound) {
    return NotFoundError("username " + QuoteValue(username) + " not found");
  }
  return services::StoreFailure("user", "look up a username", "username=" + username,
                                user.status());
}

}  // namespace

std::shared_ptr<UserServiceBase> NewUserService(std::shared_ptr<UserStore> store,
                                                UserServiceOptions options) {
  return std::make_shared<UserService>(std::move(store), options);
}

}  // namespace dchat
