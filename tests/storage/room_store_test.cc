#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "dchat/storage.h"
#include "storage/sqlite_db.h"
#include "support/temp_dir.h"

namespace dchat {
namespace {

struct RoomStoreBackend {
  std::string name;
  std::function<Result<std::unique_ptr<RoomStore>>(
      const std::filesystem::path& dir)>
      open;
};

// Makes failure messages name the back end instead of dumping bytes.
void PrintTo(const RoomStoreBackend& backend, std::ostream* out) {
  *out << backend.name;
}

RoomRecord MakeRoom(const std::string& id, Visibility visibility,
                    const std::string& creator_id = "") {
  RoomRecord room;
  room.room_id = id;
  room.name = "Name-" + id;
  room.topic = "about " + id;
  room.visibility = visibility;
  room.creator_id = creator_id;
  room.created_at_us = 1'000;
  return room;
}

MemberRecord MakeMember(const std::string& room_id, const std::string& user_id,
                        int64_t joined_at_us = 2'000) {
  MemberRecord member;
  member.room_id = room_id;
  member.user_id = user_id;
  member.username = "name-" + user_id;
  member.joined_at_us = joined_at_us;
  return member;
}

std::vector<std::string> RoomIds(const std::vector<RoomRecord>& rooms) {
  std::vector<std::string> ids;
  for (const RoomRecord& room : rooms) ids.push_back(room.room_id);
  return ids;
}

std::vector<std::string> UserIds(const std::vector<MemberRecord>& members) {
  std::vector<std::string> ids;
  for (const MemberRecord& member : members) ids.push_back(member.user_id);
  return ids;
}

using Ids = std::vector<std::string>;

class RoomStoreTest : public ::testing::TestWithParam<RoomStoreBackend> {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<RoomStore>> store = GetParam().open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  void CreateRoom(const std::string& id, Visibility visibility,
                  const std::string& creator_id = "") {
    std::optional<MemberRecord> creator;
    if (!creator_id.empty()) creator = MakeMember(id, creator_id);
    const Status status =
        store_->CreateRoom(MakeRoom(id, visibility, creator_id), creator);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  int64_t MemberCount(const std::string& room_id) {
    Result<RoomRecord> room = store_->GetRoom(room_id);
    EXPECT_TRUE(room.ok()) << room.status().ToString();
    return room.ok() ? room->member_count : -1;
  }

  Ids ListRoomIds(const std::string& member_id, const std::string& viewer_id,
                  const std::string& after, int limit) {
    Result<std::vector<RoomRecord>> rooms =
        store_->ListRooms(member_id, viewer_id, after, limit);
    EXPECT_TRUE(rooms.ok()) << rooms.status().ToString();
    return rooms.ok() ? RoomIds(*rooms) : Ids{"<error>"};
  }

  testing::TempDir dir_;
  std::unique_ptr<RoomStore> store_;
};

TEST_P(RoomStoreTest, CreatedRoomIsReturnedWithCreatorAsMember) {
  ASSERT_TRUE(store_
                  ->CreateRoom(MakeRoom("lobby", Visibility::kPrivate, "u1"),
                               MakeMember("lobby", "u1", 1'500))
                  .ok());

  Result<RoomRecord> room = store_->GetRoom("lobby");
  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->room_id, "lobby");
  EXPECT_EQ(room->name, "Name-lobby");
  EXPECT_EQ(room->topic, "about lobby");
  EXPECT_EQ(room->visibility, Visibility::kPrivate);
  EXPECT_EQ(room->creator_id, "u1");
  EXPECT_EQ(room->created_at_us, 1'000);
  EXPECT_EQ(room->member_count, 1);

  Result<bool> is_member = store_->IsMember("lobby", "u1");
  ASSERT_TRUE(is_member.ok());
  EXPECT_TRUE(*is_member);

  Result<std::vector<MemberRecord>> members =
      store_->ListMembers("lobby", "", 10);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].room_id, "lobby");
  EXPECT_EQ((*members)[0].username, "name-u1");
  EXPECT_EQ((*members)[0].joined_at_us, 1'500);
}

TEST_P(RoomStoreTest, RoomWithoutCreatorHasNoMembers) {
  ASSERT_TRUE(
      store_->CreateRoom(MakeRoom("general", Visibility::kPublic), std::nullopt)
          .ok());

  EXPECT_EQ(MemberCount("general"), 0);
  Result<std::vector<MemberRecord>> members =
      store_->ListMembers("general", "", 10);
  ASSERT_TRUE(members.ok());
  EXPECT_TRUE(members->empty());
}

TEST_P(RoomStoreTest, DuplicateRoomIdIsRejected) {
  CreateRoom("lobby", Visibility::kPublic, "u1");

  const Status status = store_->CreateRoom(
      MakeRoom("lobby", Visibility::kPrivate, "u2"), MakeMember("lobby", "u2"));
  EXPECT_EQ(status.code(), Code::kAlreadyExists) << status.ToString();

  // The failed create changed nothing.
  EXPECT_EQ(MemberCount("lobby"), 1);
  Result<bool> is_member = store_->IsMember("lobby", "u2");
  ASSERT_TRUE(is_member.ok());
  EXPECT_FALSE(*is_member);
}

TEST_P(RoomStoreTest, UnknownRoomIsNotFound) {
  Result<RoomRecord> room = store_->GetRoom("nowhere");
  EXPECT_EQ(room.status().code(), Code::kNotFound);
  EXPECT_NE(room.status().message().find("nowhere"), std::string::npos);
}

TEST_P(RoomStoreTest, AddMemberIsIdempotent) {
  CreateRoom("lobby", Visibility::kPublic, "u1");

  Result<bool> first = store_->AddMember(MakeMember("lobby", "u2"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(*first);
  Result<bool> second = store_->AddMember(MakeMember("lobby", "u2", 9'000));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(*second);

  EXPECT_EQ(MemberCount("lobby"), 2);
  // The second add kept the first join time.
  Result<std::vector<MemberRecord>> members =
      store_->ListMembers("lobby", "u1", 10);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].joined_at_us, 2'000);
}

TEST_P(RoomStoreTest, RemoveMemberIsIdempotent) {
  CreateRoom("lobby", Visibility::kPublic, "u1");
  ASSERT_TRUE(store_->AddMember(MakeMember("lobby", "u2")).ok());

  Result<bool> first = store_->RemoveMember("lobby", "u2");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(*first);
  Result<bool> second = store_->RemoveMember("lobby", "u2");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(*second);

  EXPECT_EQ(MemberCount("lobby"), 1);
  Result<bool> is_member = store_->IsMember("lobby", "u2");
  ASSERT_TRUE(is_member.ok());
  EXPECT_FALSE(*is_member);

  // A member who left can join again.
  Result<bool> rejoined = store_->AddMember(MakeMember("lobby", "u2"));
  ASSERT_TRUE(rejoined.ok());
  EXPECT_TRUE(*rejoined);
  EXPECT_EQ(MemberCount("lobby"), 2);
}

TEST_P(RoomStoreTest, MembershipInUnknownRoom) {
  Result<bool> added = store_->AddMember(MakeMember("nowhere", "u1"));
  EXPECT_EQ(added.status().code(), Code::kNotFound);

  Result<bool> removed = store_->RemoveMember("nowhere", "u1");
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_FALSE(*removed);

  Result<bool> is_member = store_->IsMember("nowhere", "u1");
  ASSERT_TRUE(is_member.ok());
  EXPECT_FALSE(*is_member);

  Result<std::vector<MemberRecord>> members =
      store_->ListMembers("nowhere", "", 10);
  ASSERT_TRUE(members.ok());
  EXPECT_TRUE(members->empty());
}

TEST_P(RoomStoreTest, ListMembersPagesInUserIdOrder) {
  CreateRoom("lobby", Visibility::kPublic);
  for (const char* user : {"u3", "u1", "u5", "u2", "u4"}) {
    ASSERT_TRUE(store_->AddMember(MakeMember("lobby", user)).ok());
  }
  // A member of another room must not appear.
  CreateRoom("other", Visibility::kPublic, "u0");

  auto page = [&](const std::string& after, int limit) {
    Result<std::vector<MemberRecord>> members =
        store_->ListMembers("lobby", after, limit);
    EXPECT_TRUE(members.ok()) << members.status().ToString();
    return members.ok() ? UserIds(*members) : Ids{"<error>"};
  };
  EXPECT_EQ(page("", 2), (Ids{"u1", "u2"}));
  EXPECT_EQ(page("u2", 2), (Ids{"u3", "u4"}));
  EXPECT_EQ(page("u4", 2), (Ids{"u5"}));
  EXPECT_EQ(page("u5", 2), (Ids{}));
  EXPECT_EQ(page("", 100), (Ids{"u1", "u2", "u3", "u4", "u5"}));
  // The cursor need not be a member.
  EXPECT_EQ(page("u25", 10), (Ids{"u3", "u4", "u5"}));
}

TEST_P(RoomStoreTest, ListRoomsShowsPublicAndViewersPrivateRooms) {
  CreateRoom("alpha", Visibility::kPublic, "u1");
  CreateRoom("bravo", Visibility::kPrivate, "u1");
  CreateRoom("charlie", Visibility::kPrivate, "u2");
  CreateRoom("delta", Visibility::kPublic, "u2");

  EXPECT_EQ(ListRoomIds("", "", "", 10), (Ids{"alpha", "delta"}));
  EXPECT_EQ(ListRoomIds("", "u1", "", 10), (Ids{"alpha", "bravo", "delta"}));
  EXPECT_EQ(ListRoomIds("", "u2", "", 10),
            (Ids{"alpha", "charlie", "delta"}));
  EXPECT_EQ(ListRoomIds("", "u9", "", 10), (Ids{"alpha", "delta"}));

  // An invitation alone does not make a private room visible.
  ASSERT_TRUE(store_->AddInvite("charlie", "u1", "u2", 3'000).ok());
  EXPECT_EQ(ListRoomIds("", "u1", "", 10), (Ids{"alpha", "bravo", "delta"}));
}

TEST_P(RoomStoreTest, ListRoomsOfMemberShowsOnlyTheirRooms) {
  CreateRoom("alpha", Visibility::kPublic, "u1");
  CreateRoom("bravo", Visibility::kPrivate, "u1");
  CreateRoom("charlie", Visibility::kPrivate, "u2");
  CreateRoom("delta", Visibility::kPublic, "u2");
  ASSERT_TRUE(store_->AddMember(MakeMember("delta", "u1")).ok());

  // viewer_id is ignored when member_id is set.
  EXPECT_EQ(ListRoomIds("u1", "u2", "", 10), (Ids{"alpha", "bravo", "delta"}));
  EXPECT_EQ(ListRoomIds("u2", "", "", 10), (Ids{"charlie", "delta"}));
  EXPECT_EQ(ListRoomIds("u9", "", "", 10), (Ids{}));

  ASSERT_TRUE(store_->RemoveMember("bravo", "u1").ok());
  EXPECT_EQ(ListRoomIds("u1", "", "", 10), (Ids{"alpha", "delta"}));
}

TEST_P(RoomStoreTest, ListRoomsPagesInRoomIdOrder) {
  for (const char* id : {"r3", "r1", "r5", "r2", "r4"}) {
    CreateRoom(id, Visibility::kPublic, "u1");
  }
  CreateRoom("r25", Visibility::kPrivate, "u2");

  EXPECT_EQ(ListRoomIds("", "", "", 2), (Ids{"r1", "r2"}));
  EXPECT_EQ(ListRoomIds("", "", "r2", 2), (Ids{"r3", "r4"}));
  EXPECT_EQ(ListRoomIds("", "", "r4", 2), (Ids{"r5"}));
  EXPECT_EQ(ListRoomIds("", "", "r5", 2), (Ids{}));
  EXPECT_EQ(ListRoomIds("", "u2", "r2", 2), (Ids{"r25", "r3"}));

  EXPECT_EQ(ListRoomIds("u1", "", "", 2), (Ids{"r1", "r2"}));
  EXPECT_EQ(ListRoomIds("u1", "", "r2", 2), (Ids{"r3", "r4"}));
  EXPECT_EQ(ListRoomIds("u1", "", "r4", 2), (Ids{"r5"}));
}

TEST_P(RoomStoreTest, ListRoomsFillsMemberCount) {
  CreateRoom("alpha", Visibility::kPublic, "u1");
  ASSERT_TRUE(store_->AddMember(MakeMember("alpha", "u2")).ok());
  ASSERT_TRUE(store_->AddMember(MakeMember("alpha", "u3")).ok());
  CreateRoom("bravo", Visibility::kPublic);

  Result<std::vector<RoomRecord>> rooms = store_->ListRooms("", "", "", 10);
  ASSERT_TRUE(rooms.ok()) << rooms.status().ToString();
  ASSERT_EQ(rooms->size(), 2u);
  EXPECT_EQ((*rooms)[0].member_count, 3);
  EXPECT_EQ((*rooms)[1].member_count, 0);

  Result<std::vector<RoomRecord>> mine = store_->ListRooms("u2", "", "", 10);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].member_count, 3);
  EXPECT_EQ((*mine)[0].name, "Name-alpha");
}

TEST_P(RoomStoreTest, NonPositiveLimitIsInvalid) {
  CreateRoom("alpha", Visibility::kPublic, "u1");

  EXPECT_EQ(store_->ListRooms("", "", "", 0).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store_->ListRooms("u1", "", "", -1).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store_->ListMembers("alpha", "", 0).status().code(),
            Code::kInvalidArgument);
}

TEST_P(RoomStoreTest, InviteIsRecordedOncePerUser) {
  CreateRoom("secret", Visibility::kPrivate, "u1");

  Result<bool> before = store_->HasInvite("secret", "u2");
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(*before);

  ASSERT_TRUE(store_->AddInvite("secret", "u2", "u1", 3'000).ok());
  ASSERT_TRUE(store_->AddInvite("secret", "u2", "u1", 4'000).ok());

  Result<bool> after = store_->HasInvite("secret", "u2");
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(*after);
  Result<bool> other_user = store_->HasInvite("secret", "u3");
  ASSERT_TRUE(other_user.ok());
  EXPECT_FALSE(*other_user);

  // The invited user joins: the store leaves the invitation in place.
  Result<bool> joined = store_->AddMember(MakeMember("secret", "u2"));
  ASSERT_TRUE(joined.ok());
  EXPECT_TRUE(*joined);
  EXPECT_EQ(MemberCount("secret"), 2);
  EXPECT_EQ(ListRoomIds("", "u2", "", 10), (Ids{"secret"}));
}

TEST_P(RoomStoreTest, InviteToUnknownRoomIsNotFound) {
  const Status status = store_->AddInvite("nowhere", "u2", "u1", 3'000);
  EXPECT_EQ(status.code(), Code::kNotFound) << status.ToString();

  Result<bool> has_invite = store_->HasInvite("nowhere", "u2");
  ASSERT_TRUE(has_invite.ok());
  EXPECT_FALSE(*has_invite);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, RoomStoreTest,
    ::testing::Values(
        RoomStoreBackend{"Memory",
                         [](const std::filesystem::path&)
                             -> Result<std::unique_ptr<RoomStore>> {
                           return NewMemoryRoomStore();
                         }},
        RoomStoreBackend{"Sqlite",
                         [](const std::filesystem::path& dir) {
                           return OpenSqliteRoomStore(dir / "room.db");
                         }}),
    [](const ::testing::TestParamInfo<RoomStoreBackend>& info) {
      return info.param.name;
    });

// Tests of the SQLite file itself.
class SqliteRoomStoreTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_.path() / "room.db"; }

  testing::TempDir dir_;
};

TEST_F(SqliteRoomStoreTest, ReopenedFileKeepsRoomsMembersAndInvites) {
  {
    Result<std::unique_ptr<RoomStore>> store = OpenSqliteRoomStore(file());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)
                    ->CreateRoom(MakeRoom("lobby", Visibility::kPrivate, "u1"),
                                 MakeMember("lobby", "u1"))
                    .ok());
    ASSERT_TRUE((*store)->AddMember(MakeMember("lobby", "u2")).ok());
    ASSERT_TRUE((*store)->AddInvite("lobby", "u3", "u1", 3'000).ok());
  }

  Result<std::unique_ptr<RoomStore>> store = OpenSqliteRoomStore(file());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Result<RoomRecord> room = (*store)->GetRoom("lobby");
  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->visibility, Visibility::kPrivate);
  EXPECT_EQ(room->member_count, 2);
  Result<bool> invited = (*store)->HasInvite("lobby", "u3");
  ASSERT_TRUE(invited.ok());
  EXPECT_TRUE(*invited);
}

TEST_F(SqliteRoomStoreTest, FutureSchemaVersionIsRejected) {
  ASSERT_TRUE(OpenSqliteRoomStore(file()).ok());
  {
    // A list of one migration opens a version-1 file without changing it.
    constexpr std::array<std::string_view, 1> kVersion1 = {""};
    Result<std::unique_ptr<internal::SqliteDb>> db =
        internal::SqliteDb::Open(file(), kVersion1);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version=7", "set version").ok());
  }

  Result<std::unique_ptr<RoomStore>> store = OpenSqliteRoomStore(file());
  ASSERT_EQ(store.status().code(), Code::kFailedPrecondition)
      << store.status().ToString();
  EXPECT_NE(store.status().message().find(file().string()), std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace dchat
