// Tests of the reference account service through its gRPC interface.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dchat/reference_services.h"
#include "dchat/storage.h"
#include "dchat/user_client.h"
#include "internal/crypto.h"
#include "internal/validation.h"
#include "support/in_process_server.h"

namespace dchat {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kPassword[] = "correct horse battery";

bool IsLowerHex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class UserServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartService(FastOptions()); }

  void TearDown() override { server_.Shutdown(); }

  // libsodium's minimum Argon2id cost, so that each hash takes microseconds.
  static UserServiceOptions FastOptions() {
    UserServiceOptions options;
    options.argon2_ops_limit = internal::kPasswordOpsLimitMin;
    options.argon2_memory_limit = internal::kPasswordMemLimitMin;
    return options;
  }

  void StartService(UserServiceOptions options) {
    store_ = NewMemoryUserStore();
    Status started = server_.Start({NewUserService(store_, options)});
    ASSERT_TRUE(started.ok()) << started.ToString();
    client_ = std::make_unique<UserClient>(server_.channel());
  }

  Result<v1::User> Register(const std::string& username, const std::string& password,
                            const std::string& display_name = "") {
    v1::RegisterRequest request;
    request.set_username(username);
    request.set_password(password);
    request.set_display_name(display_name);
    return client_->Register(request);
  }

  Result<v1::LoginResponse> Login(const std::string& username, const std::string& password) {
    v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    return client_->Login(request);
  }

  Result<v1::VerifyTokenResponse> Verify(const std::string& token) {
    v1::VerifyTokenRequest request;
    request.set_token(token);
    return client_->VerifyToken(request);
  }

  Result<v1::RevokeTokenResponse> Revoke(const std::string& token) {
    v1::RevokeTokenRequest request;
    request.set_token(token);
    return client_->RevokeToken(request);
  }

  bool StoreHasUser(const std::string& username) {
    return store_->FindUserByName(username).ok();
  }

  std::shared_ptr<UserStore> store_;
  testing::InProcessServer server_;
  std::unique_ptr<UserClient> client_;
};

TEST_F(UserServiceTest, RegisterReturnsNewUser) {
  const int64_t before_us = internal::NowMicros();
  Result<v1::User> user = Register("Alice", kPassword);

  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->user_id().size(), 32u);
  EXPECT_TRUE(IsLowerHex(user->user_id())) << user->user_id();
  EXPECT_EQ(user->username(), "Alice");
  EXPECT_EQ(user->display_name(), "Alice");
  EXPECT_GE(user->created_at_us(), before_us);
}

TEST_F(UserServiceTest, RegisterKeepsDisplayName) {
  Result<v1::User> user = Register("alice", kPassword, "Alice Liddell");

  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->display_name(), "Alice Liddell");
}

TEST_F(UserServiceTest, RegisterStoresOnlyArgon2idHash) {
  ASSERT_TRUE(Register("alice", kPassword).ok());

  Result<UserRecord> record = store_->FindUserByName("alice");
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_THAT(record->password_hash, StartsWith("$argon2id$"));
  EXPECT_THAT(record->password_hash, Not(HasSubstr(kPassword)));
}

TEST_F(UserServiceTest, RegisterGivesDistinctIds) {
  Result<v1::User> alice = Register("alice", kPassword);
  Result<v1::User> bob = Register("bob", kPassword);

  ASSERT_TRUE(alice.ok());
  ASSERT_TRUE(bob.ok());
  EXPECT_NE(alice->user_id(), bob->user_id());
}

TEST_F(UserServiceTest, RegisterRejectsUsernameTakenInOtherCase) {
  ASSERT_TRUE(Register("alice", kPassword).ok());

  Result<v1::User> duplicate = Register("ALICE", "another password");

  EXPECT_EQ(duplicate.status().code(), Code::kAlreadyExists);
  EXPECT_THAT(duplicate.status().message(), HasSubstr("\"ALICE\""));
  EXPECT_THAT(duplicate.status().message(), HasSubstr("already taken"));
  Result<UserRecord> stored = store_->FindUserByName("ALICE");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->username, "alice");
  EXPECT_TRUE(Login("alice", kPassword).ok());
  EXPECT_FALSE(Login("alice", "another password").ok());
}

TEST_F(UserServiceTest, RegisterRejectsInvalidUsernames) {
  const std::string too_long(33, 'a');
  for (const std::string username : {"ab", "bad name", "bad/name", "caf\xC3\xA9", too_long.c_str()}) {
    SCOPED_TRACE(username);
    Result<v1::User> user = Register(username, kPassword);

    EXPECT_EQ(user.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(user.status().message(), HasSubstr("username"));
    EXPECT_THAT(user.status().message(), HasSubstr(internal::QuoteValue(username)));
    EXPECT_FALSE(StoreHasUser(username));
  }
}

TEST_F(UserServiceTest, RegisterRejectsMissingUsername) {
  Result<v1::User> user = Register("", kPassword);

  EXPECT_EQ(user.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(user.status().message(), HasSubstr("username is missing"));
}

TEST_F(UserServiceTest, RegisterRejectsEmptyPassword) {
  Result<v1::User> user = Register("alice", "");

  EXPECT_EQ(user.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(user.status().message(), HasSubstr("password is missing"));
  EXPECT_FALSE(StoreHasUser("alice"));
}

TEST_F(UserServiceTest, RegisterRejectsShortPasswordWithoutEchoingIt) {
  Result<v1::User> user = Register("alice", "hunter2");

  EXPECT_EQ(user.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(user.status().message(), HasSubstr("too short"));
  EXPECT_THAT(user.status().message(), Not(HasSubstr("hunter2")));
  EXPECT_FALSE(StoreHasUser("alice"));
}

TEST_F(UserServiceTest, RegisterRejectsInvalidUtf8Password) {
  Result<v1::User> user = Register("alice", "password\xFF");

  EXPECT_EQ(user.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(user.status().message(), HasSubstr("password is not valid UTF-8"));
  EXPECT_FALSE(StoreHasUser("alice"));
}

TEST_F(UserServiceTest, RegisterRejectsInvalidDisplayNames) {
  const std::string too_long(65, 'x');
  for (const std::string display_name : {"bad\x01name", "bad\xFF", "   ", too_long.c_str()}) {
    SCOPED_TRACE(display_name);
    Result<v1::User> user = Register("alice", kPassword, display_name);

    EXPECT_EQ(user.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(user.status().message(), HasSubstr("display name"));
    EXPECT_FALSE(StoreHasUser("alice"));
  }
}

TEST_F(UserServiceTest, LoginIssuesToken) {
  Result<v1::User> user = Register("alice", kPassword);
  ASSERT_TRUE(user.ok());
  const int64_t before_us = internal::NowMicros();

  Result<v1::LoginResponse> login = Login("alice", kPassword);

  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->token().size(), 64u);
  EXPECT_TRUE(IsLowerHex(login->token()));
  EXPECT_EQ(login->user().user_id(), user->user_id());
  const int64_t week_us = int64_t{7} * 24 * 3600 * 1000 * 1000;
  EXPECT_GE(login->expires_at_us(), before_us + week_us);
  EXPECT_LE(login->expires_at_us(), internal::NowMicros() + week_us);
}

TEST_F(UserServiceTest, LoginIgnoresUsernameCase) {
  ASSERT_TRUE(Register("Alice", kPassword).ok());

  Result<v1::LoginResponse> login = Login("aLICE", kPassword);

  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->user().username(), "Alice");
}

TEST_F(UserServiceTest, LoginStoresOnlyTokenHash) {
  ASSERT_TRUE(Register("alice", kPassword).ok());
  Result<v1::LoginResponse> login = Login("alice", kPassword);
  ASSERT_TRUE(login.ok());

  EXPECT_TRUE(store_->FindSession(internal::Sha256Hex(login->token())).ok());
  EXPECT_EQ(store_->FindSession(login->token()).status().code(), Code::kNotFound);
}

TEST_F(UserServiceTest, LoginIssuesNewTokenEachTime) {
  ASSERT_TRUE(Register("alice", kPassword).ok());

  Result<v1::LoginResponse> first = Login("alice", kPassword);
  Result<v1::LoginResponse> second = Login("alice", kPassword);

  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->token(), second->token());
}

TEST_F(UserServiceTest, LoginHidesWhichCredentialIsWrong) {
  ASSERT_TRUE(Register("alice", kPassword).ok());

  Result<v1::LoginResponse> wrong_password = Login("alice", "not the password");
  Result<v1::LoginResponse> unknown_user = Login("mallory", kPassword);

  EXPECT_EQ(wrong_password.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(unknown_user.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(wrong_password.status().message(), "wrong username or password");
  EXPECT_EQ(unknown_user.status().message(), wrong_password.status().message());
}

TEST_F(UserServiceTest, LoginRejectsMissingFields) {
  ASSERT_TRUE(Register("alice", kPassword).ok());

  Result<v1::LoginResponse> no_username = Login("", kPassword);
  Result<v1::LoginResponse> no_password = Login("alice", "");

  EXPECT_EQ(no_username.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(no_username.status().message(), HasSubstr("username is missing"));
  EXPECT_EQ(no_password.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(no_password.status().message(), HasSubstr("password is missing"));
}

TEST_F(UserServiceTest, LoginDeletesExpiredSessions) {
  ASSERT_TRUE(Register("alice", kPassword).ok());
  SessionRecord expired;
  expired.token_hash = internal::Sha256Hex("an old token");
  expired.user_id = "someone";
  expired.created_at_us = internal::NowMicros() - 2'000'000;
  expired.expires_at_us = internal::NowMicros() - 1'000'000;
  ASSERT_TRUE(store_->CreateSession(expired).ok());

  // The first login of a service sweeps expired sessions.
  ASSERT_TRUE(Login("alice", kPassword).ok());

  EXPECT_EQ(store_->FindSession(expired.token_hash).status().code(), Code::kNotFound);
}

TEST_F(UserServiceTest, VerifyTokenReturnsUser) {
  Result<v1::User> user = Register("alice", kPassword, "Alice L.");
  ASSERT_TRUE(user.ok());
  Result<v1::LoginResponse> login = Login("alice", kPassword);
  ASSERT_TRUE(login.ok());

  Result<v1::VerifyTokenResponse> verified = Verify(login->token());

  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->user().user_id(), user->user_id());
  EXPECT_EQ(verified->user().username(), "alice");
  EXPECT_EQ(verified->user().display_name(), "Alice L.");
  EXPECT_EQ(verified->expires_at_us(), login->expires_at_us());
}

TEST_F(UserServiceTest, VerifyTokenRejectsForgedTokens) {
  ASSERT_TRUE(Register("alice", kPassword).ok());
  ASSERT_TRUE(Login("alice", kPassword).ok());

  for (const std::string token : {internal::RandomHex(32), std::string("not-a-token"),
                                  std::string(64, 'Z'), std::string()}) {
    SCOPED_TRACE(token);
    Result<v1::VerifyTokenResponse> verified = Verify(token);

    EXPECT_EQ(verified.status().code(), Code::kUnauthenticated);
    if (!token.empty()) EXPECT_THAT(verified.status().message(), Not(HasSubstr(token)));
  }
}

TEST_F(UserServiceTest, VerifyTokenRejectsExpiredToken) {
  server_.Shutdown();
  UserServiceOptions options = FastOptions();
  options.token_ttl = std::chrono::seconds(1);
  StartService(options);
  ASSERT_TRUE(Register("alice", kPassword).ok());
  Result<v1::LoginResponse> login = Login("alice", kPassword);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(Verify(login->token()).ok());

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Result<v1::VerifyTokenResponse> verified = Verify(login->token());

  EXPECT_EQ(verified.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(verified.status().message(), HasSubstr("expired"));
  EXPECT_EQ(store_->FindSession(internal::Sha256Hex(login->token())).status().code(),
            Code::kNotFound);
}

TEST_F(UserServiceTest, RevokeTokenEndsSession) {
  ASSERT_TRUE(Register("alice", kPassword).ok());
  Result<v1::LoginResponse> login = Login("alice", kPassword);
  ASSERT_TRUE(login.ok());

  Result<v1::RevokeTokenResponse> revoked = Revoke(login->token());

  ASSERT_TRUE(revoked.ok()) << revoked.status().ToString();
  Result<v1::VerifyTokenResponse> verified = Verify(login->token());
  EXPECT_EQ(verified.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(verified.status().message(), HasSubstr("revoked"));
}

TEST_F(UserServiceTest, RevokeTokenKeepsOtherSessions) {
  ASSERT_TRUE(Register("alice", kPassword).ok());
  Result<v1::LoginResponse> phone = Login("alice", kPassword);
  Result<v1::LoginResponse> laptop = Login("alice", kPassword);
  ASSERT_TRUE(phone.ok());
  ASSERT_TRUE(laptop.ok());

  ASSERT_TRUE(Revoke(phone->token()).ok());

  EXPECT_TRUE(Verify(laptop->token()).ok());
}

TEST_F(UserServiceTest, RevokeTokenSucceedsForUnknownToken) {
  ASSERT_TRUE(Register("alice", kPassword).ok());
  Result<v1::LoginResponse> login = Login("alice", kPassword);
  ASSERT_TRUE(login.ok());

  EXPECT_TRUE(Revoke(internal::RandomHex(32)).ok());
  EXPECT_TRUE(Revoke("not-a-token").ok());
  ASSERT_TRUE(Revoke(login->token()).ok());
  EXPECT_TRUE(Revoke(login->token()).ok());
}

TEST_F(UserServiceTest, RevokeTokenRejectsMissingToken) {
  Result<v1::RevokeTokenResponse> revoked = Revoke("");

  EXPECT_EQ(revoked.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(revoked.status().message(), HasSubstr("token is missing"));
}

TEST_F(UserServiceTest, GetUserById) {
  Result<v1::User> user = Register("alice", kPassword, "Alice L.");
  ASSERT_TRUE(user.ok());
  v1::GetUserRequest request;
  request.set_user_id(user->user_id());

  Result<v1::User> found = client_->GetUser(request);

  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->user_id(), user->user_id());
  EXPECT_EQ(found->username(), "alice");
  EXPECT_EQ(found->display_name(), "Alice L.");
  EXPECT_EQ(found->created_at_us(), user->created_at_us());
}

TEST_F(UserServiceTest, GetUserByUsernameIgnoresCase) {
  Result<v1::User> user = Register("Alice", kPassword);
  ASSERT_TRUE(user.ok());
  v1::GetUserRequest request;
  request.set_username("ALICE");

  Result<v1::User> found = client_->GetUser(request);

  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->user_id(), user->user_id());
  EXPECT_EQ(found->username(), "Alice");
}

TEST_F(UserServiceTest, GetUserReportsUnknownUser) {
  v1::GetUserRequest by_id;
  by_id.set_user_id("0123456789abcdef0123456789abcdef");
  v1::GetUserRequest by_name;
  by_name.set_username("nobody");

  Result<v1::User> id_result = client_->GetUser(by_id);
  Result<v1::User> name_result = client_->GetUser(by_name);

  EXPECT_EQ(id_result.status().code(), Code::kNotFound);
  EXPECT_THAT(id_result.status().message(), HasSubstr("0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(name_result.status().code(), Code::kNotFound);
  EXPECT_THAT(name_result.status().message(), HasSubstr("\"nobody\""));
}

TEST_F(UserServiceTest, GetUserRejectsMissingKey) {
  v1::GetUserRequest no_key;
  v1::GetUserRequest empty_id;
  empty_id.set_user_id("");

  Result<v1::User> no_key_result = client_->GetUser(no_key);
  Result<v1::User> empty_id_result = client_->GetUser(empty_id);

  EXPECT_EQ(no_key_result.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(no_key_result.status().message(), HasSubstr("user_id or username"));
  EXPECT_EQ(empty_id_result.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(empty_id_result.status().message(), HasSubstr("user_id is missing"));
}

}  // namespace
}  // namespace dchat
