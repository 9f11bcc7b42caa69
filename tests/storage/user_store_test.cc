#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "dchat/storage.h"
#include "storage/sqlite_db.h"
#include "support/temp_dir.h"

namespace dchat {
namespace {

struct UserStoreBackend {
  std::string name;
  std::function<Result<std::unique_ptr<UserStore>>(
      const std::filesystem::path& dir)>
      open;
};

// Makes failure messages name the back end instead of dumping bytes.
void PrintTo(const UserStoreBackend& backend, std::ostream* out) {
  *out << backend.name;
}

UserRecord MakeUser(const std::string& id, const std::string& name) {
  UserRecord user;
  user.user_id = id;
  user.username = name;
  user.display_name = "Display " + name;
  user.password_hash = "$argon2id$hash-of-" + name;
  user.created_at_us = 1'700'000'000'000'000;
  return user;
}

SessionRecord MakeSession(const std::string& hash, const std::string& user_id,
                          int64_t expires_at_us) {
  SessionRecord session;
  session.token_hash = hash;
  session.user_id = user_id;
  session.created_at_us = 1'000;
  session.expires_at_us = expires_at_us;
  return session;
}

class UserStoreTest : public ::testing::TestWithParam<UserStoreBackend> {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<UserStore>> store = GetParam().open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<UserStore> store_;
};

TEST_P(UserStoreTest, CreatedUserIsFoundByIdAndName) {
  const UserRecord user = MakeUser("u1", "Alice");
  ASSERT_TRUE(store_->CreateUser(user).ok());

  Result<UserRecord> by_id = store_->FindUserById("u1");
  ASSERT_TRUE(by_id.ok()) << by_id.status().ToString();
  EXPECT_EQ(by_id->user_id, "u1");
  EXPECT_EQ(by_id->username, "Alice");
  EXPECT_EQ(by_id->display_name, user.display_name);
  EXPECT_EQ(by_id->password_hash, user.password_hash);
  EXPECT_EQ(by_id->created_at_us, user.created_at_us);

  Result<UserRecord> by_name = store_->FindUserByName("Alice");
  ASSERT_TRUE(by_name.ok()) << by_name.status().ToString();
  EXPECT_EQ(by_name->user_id, "u1");
}

TEST_P(UserStoreTest, FindByNameIgnoresCase) {
  ASSERT_TRUE(store_->CreateUser(MakeUser("u1", "Alice")).ok());

  for (const char* name : {"alice", "ALICE", "aLiCe"}) {
    Result<UserRecord> found = store_->FindUserByName(name);
    ASSERT_TRUE(found.ok()) << name << ": " << found.status().ToString();
    EXPECT_EQ(found->user_id, "u1") << name;
    EXPECT_EQ(found->username, "Alice") << name;
  }
}

TEST_P(UserStoreTest, UsernameDifferingInCaseIsRejected) {
  ASSERT_TRUE(store_->CreateUser(MakeUser("u1", "Alice")).ok());

  const Status status = store_->CreateUser(MakeUser("u2", "aLICE"));
  EXPECT_EQ(status.code(), Code::kAlreadyExists) << status.ToString();
  EXPECT_NE(status.message().find("aLICE"), std::string::npos)
      << status.ToString();

  Result<UserRecord> other = store_->FindUserById("u2");
  EXPECT_EQ(other.status().code(), Code::kNotFound);
}

TEST_P(UserStoreTest, DuplicateUserIdIsRejected) {
  ASSERT_TRUE(store_->CreateUser(MakeUser("u1", "Alice")).ok());

  const Status status = store_->CreateUser(MakeUser("u1", "Bob"));
  EXPECT_EQ(status.code(), Code::kAlreadyExists) << status.ToString();
  EXPECT_EQ(store_->FindUserByName("Bob").status().code(), Code::kNotFound);
}

TEST_P(UserStoreTest, UnknownUserIsNotFound) {
  ASSERT_TRUE(store_->CreateUser(MakeUser("u1", "Alice")).ok());

  Result<UserRecord> by_id = store_->FindUserById("missing");
  EXPECT_EQ(by_id.status().code(), Code::kNotFound);
  EXPECT_NE(by_id.status().message().find("missing"), std::string::npos);

  Result<UserRecord> by_name = store_->FindUserByName("Alicia");
  EXPECT_EQ(by_name.status().code(), Code::kNotFound);
}

TEST_P(UserStoreTest, ConcurrentCreatesOfOneNameAdmitOne) {
  constexpr int kThreads = 8;
  std::atomic<int> created = 0;
  std::atomic<int> rejected = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // The same name in a different case from every thread.
      std::string name = "carol";
      name[static_cast<size_t>(i) % name.size()] -= 'a' - 'A';
      const Status status =
          store_->CreateUser(MakeUser("u" + std::to_string(i), name));
      if (status.ok()) {
        ++created;
      } else if (status.code() == Code::kAlreadyExists) {
        ++rejected;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(created, 1);
  EXPECT_EQ(rejected, kThreads - 1);
}

TEST_P(UserStoreTest, SessionIsCreatedFoundAndDeleted) {
  ASSERT_TRUE(store_->CreateUser(MakeUser("u1", "Alice")).ok());
  ASSERT_TRUE(store_->CreateSession(MakeSession("h1", "u1", 5'000)).ok());

  Result<SessionRecord> found = store_->FindSession("h1");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->token_hash, "h1");
  EXPECT_EQ(found->user_id, "u1");
  EXPECT_EQ(found->created_at_us, 1'000);
  EXPECT_EQ(found->expires_at_us, 5'000);

  ASSERT_TRUE(store_->DeleteSession("h1").ok());
  EXPECT_EQ(store_->FindSession("h1").status().code(), Code::kNotFound);
}

TEST_P(UserStoreTest, UnknownSessionIsNotFound) {
  EXPECT_EQ(store_->FindSession("nope").status().code(), Code::kNotFound);
}

TEST_P(UserStoreTest, DeletingUnknownSessionSucceeds) {
  EXPECT_TRUE(store_->DeleteSession("nope").ok());
}

TEST_P(UserStoreTest, DuplicateSessionHashIsRejected) {
  ASSERT_TRUE(store_->CreateSession(MakeSession("h1", "u1", 5'000)).ok());

  const Status status = store_->CreateSession(MakeSession("h1", "u2", 9'000));
  EXPECT_EQ(status.code(), Code::kAlreadyExists) << status.ToString();

  Result<SessionRecord> found = store_->FindSession("h1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user_id, "u1");
}

TEST_P(UserStoreTest, DeleteExpiredSessionsRemovesOnlyExpired) {
  ASSERT_TRUE(store_->CreateSession(MakeSession("old", "u1", 100)).ok());
  ASSERT_TRUE(store_->CreateSession(MakeSession("older", "u2", 50)).ok());
  ASSERT_TRUE(store_->CreateSession(MakeSession("edge", "u1", 200)).ok());
  ASSERT_TRUE(store_->CreateSession(MakeSession("live", "u1", 300)).ok());

  // Sessions that expire exactly at now_us have not expired before it.
  Result<int64_t> deleted = store_->DeleteExpiredSessions(200);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(*deleted, 2);

  EXPECT_EQ(store_->FindSession("old").status().code(), Code::kNotFound);
  EXPECT_EQ(store_->FindSession("older").status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->FindSession("edge").ok());
  EXPECT_TRUE(store_->FindSession("live").ok());

  Result<int64_t> again = store_->DeleteExpiredSessions(200);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, UserStoreTest,
    ::testing::Values(
        UserStoreBackend{"Memory",
                         [](const std::filesystem::path&)
                             -> Result<std::unique_ptr<UserStore>> {
                           return NewMemoryUserStore();
                         }},
        UserStoreBackend{"Sqlite",
                         [](const std::filesystem::path& dir) {
                           return OpenSqliteUserStore(dir / "user.db");
                         }}),
    [](const ::testing::TestParamInfo<UserStoreBackend>& info) {
      return info.param.name;
    });

// Tests of the SQLite file itself.
class SqliteUserStoreTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_.path() / "user.db"; }

  testing::TempDir dir_;
};

TEST_F(SqliteUserStoreTest, ReopenedFileKeepsUsersAndSessions) {
  {
    Result<std::unique_ptr<UserStore>> store = OpenSqliteUserStore(file());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->CreateUser(MakeUser("u1", "Alice")).ok());
    ASSERT_TRUE((*store)->CreateSession(MakeSession("h1", "u1", 5'000)).ok());
  }

  Result<std::unique_ptr<UserStore>> store = OpenSqliteUserStore(file());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Result<UserRecord> user = (*store)->FindUserByName("ALICE");
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->user_id, "u1");
  EXPECT_TRUE((*store)->FindSession("h1").ok());
  EXPECT_EQ((*store)->CreateUser(MakeUser("u2", "alice")).code(),
            Code::kAlreadyExists);
}

TEST_F(SqliteUserStoreTest, FutureSchemaVersionIsRejected) {
  ASSERT_TRUE(OpenSqliteUserStore(file()).ok());
  {
    // A list of one migration opens a version-1 file without changing it.
    constexpr std::array<std::string_view, 1> kVersion1 = {""};
    Result<std::unique_ptr<internal::SqliteDb>> db =
        internal::SqliteDb::Open(file(), kVersion1);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version=42", "set version").ok());
  }

  Result<std::unique_ptr<UserStore>> store = OpenSqliteUserStore(file());
  ASSERT_EQ(store.status().code(), Code::kFailedPrecondition)
      << store.status().ToString();
  const std::string& message = store.status().message();
  EXPECT_NE(message.find(file().string()), std::string::npos) << message;
  EXPECT_NE(message.find("42"), std::string::npos) << message;
  EXPECT_NE(message.find("up to 1"), std::string::npos) << message;
}

TEST_F(SqliteUserStoreTest, FileThatIsNotADatabaseIsUnavailable) {
  {
    std::FILE* out = std::fopen(file().c_str(), "w");
    ASSERT_NE(out, nullptr);
    std::fputs("this is not an SQLite database, just some text that is long "
               "enough to fill the header of one\n",
               out);
    std::fclose(out);
  }

  Result<std::unique_ptr<UserStore>> store = OpenSqliteUserStore(file());
  EXPECT_EQ(store.status().code(), Code::kUnavailable)
      << store.status().ToString();
}

TEST_F(SqliteUserStoreTest, MissingDirectoryIsUnavailable) {
  Result<std::unique_ptr<UserStore>> store =
      OpenSqliteUserStore(dir_.path() / "missing" / "user.db");
  EXPECT_EQ(store.status().code(), Code::kUnavailable)
      << store.status().ToString();
}

}  // namespace
}  // namespace dchat
