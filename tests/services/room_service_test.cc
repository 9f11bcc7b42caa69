// Tests of the reference room service through its gRPC interface.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dchat/reference_services.h"
#include "dchat/room_client.h"
#include "dchat/storage.h"
#include "support/event_collector.h"
#include "support/in_process_server.h"

namespace dchat {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ActingAs;

const CallOptions kAlice = ActingAs("alice-id", "alice");
const CallOptions kBob = ActingAs("bob-id", "bob");
const CallOptions kCarol = ActingAs("carol-id", "carol");
const CallOptions kNobody;

class RoomServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = NewMemoryRoomStore();
    Status started = server_.Start({NewRoomService(store_)});
    ASSERT_TRUE(started.ok()) << started.ToString();
    client_ = std::make_unique<RoomClient>(server_.channel());
  }

  void TearDown() override { server_.Shutdown(); }

  Result<v1::Room> Create(const std::string& name, const CallOptions& actor = kAlice,
                          v1::RoomVisibility visibility = v1::ROOM_VISIBILITY_PUBLIC,
                          const std::string& topic = "") {
    v1::CreateRoomRequest request;
    request.set_name(name);
    request.set_topic(topic);
    request.set_visibility(visibility);
    return client_->CreateRoom(request, actor);
  }

  Result<v1::Room> Get(const std::string& room_id) {
    v1::GetRoomRequest request;
    request.set_room_id(room_id);
    return client_->GetRoom(request);
  }

  Result<v1::Room> Join(const std::string& room_id, const CallOptions& actor) {
    v1::JoinRoomRequest request;
    request.set_room_id(room_id);
    return client_->JoinRoom(request, actor);
  }

  Result<v1::LeaveRoomResponse> Leave(const std::string& room_id, const CallOptions& actor) {
    v1::LeaveRoomRequest request;
    request.set_room_id(room_id);
    return client_->LeaveRoom(request, actor);
  }

  Result<v1::InviteToRoomResponse> Invite(const std::string& room_id,
                                          const std::string& invitee_id,
                                          const CallOptions& actor) {
    v1::InviteToRoomRequest request;
    request.set_room_id(room_id);
    request.set_invitee_id(invitee_id);
    return client_->InviteToRoom(request, actor);
  }

  Result<v1::ListRoomsResponse> List(int page_size, const std::string& page_token = "",
                                     const CallOptions& actor = kAlice,
                                     v1::RoomScope scope = v1::ROOM_SCOPE_VISIBLE) {
    v1::ListRoomsRequest request;
    request.set_scope(scope);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return client_->ListRooms(request, actor);
  }

  // Follows next_page_token to the end and returns every room id listed.
  std::vector<std::string> ListAllRoomIds(const CallOptions& actor,
                                          v1::RoomScope scope = v1::ROOM_SCOPE_VISIBLE) {
    std::vector<std::string> room_ids;
    std::string token;
    do {
      Result<v1::ListRoomsResponse> page = List(100, token, actor, scope);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      for (const v1::Room& room : page->rooms()) room_ids.push_back(room.room_id());
      token = page->next_page_token();
    } while (!token.empty());
    return room_ids;
  }

  bool IsMember(const std::string& room_id, const std::string& user_id) {
    v1::CheckMembershipRequest request;
    request.set_room_id(room_id);
    request.set_user_id(user_id);
    Result<v1::CheckMembershipResponse> response = client_->CheckMembership(request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() && response->is_member();
  }

  // Joins and leaves `room_id` as a probe user until `events` shows that
  // the watch is registered, then clears the collected events. The service
  // sends no backlog, so changes made before that point may be missed.
  void WaitUntilWatching(testing::EventCollector<v1::MembershipEvent>& events,
                         const std::string& room_id = "general") {
    const CallOptions probe = ActingAs("probe-id", "probe");
    for (int attempt = 0; attempt < 100; ++attempt) {
      ASSERT_TRUE(Join(room_id, probe).ok());
      ASSERT_TRUE(Leave(room_id, probe).ok());
      auto seen = events.WaitFor([](const v1::MembershipEvent& event) {
        return event.user_id() == "probe-id";
      }, std::chrono::milliseconds(50));
      if (seen) {
        events.Clear();
        return;
      }
    }
    FAIL() << "the membership watch never started";
  }

  std::shared_ptr<RoomStore> store_;
  testing::InProcessServer server_;
  std::unique_ptr<RoomClient> client_;
};

TEST_F(RoomServiceTest, DefaultRoomExistsAtStart) {
  Result<v1::Room> general = Get("general");

  ASSERT_TRUE(general.ok()) << general.status().ToString();
  EXPECT_EQ(general->room_id(), "general");
  EXPECT_EQ(general->name(), "general");
  EXPECT_EQ(general->visibility(), v1::ROOM_VISIBILITY_PUBLIC);
  EXPECT_EQ(general->creator_id(), "");
  EXPECT_EQ(general->member_count(), 0);
}

TEST_F(RoomServiceTest, DefaultRoomSurvivesRestart) {
  ASSERT_TRUE(Join("general", kAlice).ok());

  // A second service over the same store finds the room and keeps it.
  std::shared_ptr<RoomServiceBase> again = NewRoomService(store_);

  Result<v1::Room> general = Get("general");
  ASSERT_TRUE(general.ok());
  EXPECT_EQ(general->member_count(), 1);
  EXPECT_THAT(ListAllRoomIds(kAlice), ElementsAre("general"));
}

TEST_F(RoomServiceTest, CreateRoomMakesCreatorFirstMember) {
  Result<v1::Room> room = Create("Lobby", kAlice, v1::ROOM_VISIBILITY_PUBLIC, "Say hello");

  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->room_id(), "lobby");
  EXPECT_EQ(room->name(), "Lobby");
  EXPECT_EQ(room->topic(), "Say hello");
  EXPECT_EQ(room->visibility(), v1::ROOM_VISIBILITY_PUBLIC);
  EXPECT_EQ(room->creator_id(), "alice-id");
  EXPECT_EQ(room->member_count(), 1);
  EXPECT_GT(room->created_at_us(), 0);
  EXPECT_TRUE(IsMember("lobby", "alice-id"));

  v1::ListMembersRequest request;
  request.set_room_id("lobby");
  Result<v1::ListMembersResponse> members = client_->ListMembers(request);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->members_size(), 1);
  EXPECT_EQ(members->members(0).user_id(), "alice-id");
  EXPECT_EQ(members->members(0).username(), "alice");
}

TEST_F(RoomServiceTest, CreateRoomDefaultsToPublic) {
  Result<v1::Room> room = Create("lobby", kAlice, v1::ROOM_VISIBILITY_UNSPECIFIED);

  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->visibility(), v1::ROOM_VISIBILITY_PUBLIC);
}

TEST_F(RoomServiceTest, CreateRoomRequiresActor) {
  Result<v1::Room> room = Create("lobby", kNobody);

  EXPECT_EQ(room.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(room.status().message(), HasSubstr("missing actor"));
  EXPECT_EQ(Get("lobby").status().code(), Code::kNotFound);
}

TEST_F(RoomServiceTest, CreateRoomRejectsNameTakenInOtherCase) {
  ASSERT_TRUE(Create("Lobby").ok());

  Result<v1::Room> duplicate = Create("LOBBY", kBob);

  EXPECT_EQ(duplicate.status().code(), Code::kAlreadyExists);
  EXPECT_THAT(duplicate.status().message(), HasSubstr("\"LOBBY\""));
  Result<v1::Room> stored = Get("lobby");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->name(), "Lobby");
  EXPECT_EQ(stored->creator_id(), "alice-id");
  EXPECT_FALSE(IsMember("lobby", "bob-id"));
}

TEST_F(RoomServiceTest, CreateRoomRejectsInvalidNames) {
  const std::string too_long(65, 'r');
  for (const std::string name : {"r", "two words", "slash/name", "caf\xC3\xA9", too_long.c_str()}) {
    SCOPED_TRACE(name);
    Result<v1::Room> room = Create(name);

    EXPECT_EQ(room.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(room.status().message(), HasSubstr("room name"));
  }
  Result<v1::Room> unnamed = Create("");
  EXPECT_EQ(unnamed.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(unnamed.status().message(), HasSubstr("room name is missing"));
  EXPECT_THAT(ListAllRoomIds(kAlice), ElementsAre("general"));
}

TEST_F(RoomServiceTest, CreateRoomRejectsInvalidTopics) {
  const std::string too_long(257, 't');
  for (const std::string topic : {"bell\x07", "bad\xFF", too_long.c_str()}) {
    SCOPED_TRACE(topic);
    Result<v1::Room> room = Create("lobby", kAlice, v1::ROOM_VISIBILITY_PUBLIC, topic);

    EXPECT_EQ(room.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(room.status().message(), HasSubstr("topic"));
  }
  EXPECT_THAT(ListAllRoomIds(kAlice), ElementsAre("general"));
}

TEST_F(RoomServiceTest, CreateRoomRejectsUnknownVisibility) {
  Result<v1::Room> room = Create("lobby", kAlice, static_cast<v1::RoomVisibility>(7));

  EXPECT_EQ(room.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(room.status().message(), HasSubstr("visibility 7"));
  EXPECT_EQ(Get("lobby").status().code(), Code::kNotFound);
}

TEST_F(RoomServiceTest, GetRoomAcceptsNameInAnyCase) {
  ASSERT_TRUE(Create("Lobby").ok());

  Result<v1::Room> room = Get("LoBBY");

  ASSERT_TRUE(room.ok()) << room.status().ToString();
  EXPECT_EQ(room->room_id(), "lobby");
  EXPECT_EQ(room->member_count(), 1);
}

TEST_F(RoomServiceTest, GetRoomReportsUnknownRoom) {
  Result<v1::Room> room = Get("Nowhere");

  EXPECT_EQ(room.status().code(), Code::kNotFound);
  EXPECT_THAT(room.status().message(), HasSubstr("\"nowhere\""));
}

TEST_F(RoomServiceTest, GetRoomRejectsMalformedId) {
  Result<v1::Room> missing = Get("");
  Result<v1::Room> malformed = Get("no such room");

  EXPECT_EQ(missing.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(missing.status().message(), HasSubstr("room_id is missing"));
  EXPECT_EQ(malformed.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(malformed.status().message(), HasSubstr("\"no such room\""));
}

TEST_F(RoomServiceTest, ListRoomsPagesInIdOrder) {
  for (const char* name : {"delta", "Alpha", "echo", "charlie", "bravo"}) {
    ASSERT_TRUE(Create(name).ok());
  }

  std::vector<std::string> listed;
  std::string token;
  int pages = 0;
  do {
    Result<v1::ListRoomsResponse> page = List(2, token);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_LE(page->rooms_size(), 2);
    for (const v1::Room& room : page->rooms()) listed.push_back(room.room_id());
    token = page->next_page_token();
    ++pages;
  } while (!token.empty());

  EXPECT_EQ(pages, 3);
  EXPECT_THAT(listed, ElementsAre("alpha", "bravo", "charlie", "delta", "echo", "general"));
}

TEST_F(RoomServiceTest, ListRoomsUsesDefaultPageSizeForZero) {
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(Create("room-" + std::to_string(100 + i)).ok());

  Result<v1::ListRoomsResponse> first = List(0);

  // "general" sorts first, so the 51st room is the last one created.
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rooms_size(), 50);
  EXPECT_EQ(first->next_page_token(), "room-148");
  Result<v1::ListRoomsResponse> second = List(0, first->next_page_token());
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->rooms_size(), 1);
  EXPECT_EQ(second->rooms(0).room_id(), "room-149");
  EXPECT_EQ(second->next_page_token(), "");
}

TEST_F(RoomServiceTest, ListRoomsRejectsPageSizeOutOfRange) {
  for (int page_size : {10000, 501, -1}) {
    SCOPED_TRACE(page_size);
    Result<v1::ListRoomsResponse> page = List(page_size);

    EXPECT_EQ(page.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(page.status().message(), HasSubstr("page_size " + std::to_string(page_size)));
    EXPECT_THAT(page.status().message(), HasSubstr("1 to 500"));
  }
}

TEST_F(RoomServiceTest, ListRoomsRejectsMalformedPageToken) {
  for (const char* token : {"not a room", "UPPER", "x"}) {
    SCOPED_TRACE(token);
    Result<v1::ListRoomsResponse> page = List(10, token);

    EXPECT_EQ(page.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(page.status().message(), HasSubstr("page_token"));
  }
}

TEST_F(RoomServiceTest, ListRoomsRejectsUnknownScope) {
  Result<v1::ListRoomsResponse> page = List(10, "", kAlice, static_cast<v1::RoomScope>(9));

  EXPECT_EQ(page.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(page.status().message(), HasSubstr("scope 9"));
}

TEST_F(RoomServiceTest, ListRoomsShowsPrivateRoomsOnlyToMembers) {
  ASSERT_TRUE(Create("secret", kAlice, v1::ROOM_VISIBILITY_PRIVATE).ok());
  ASSERT_TRUE(Create("lobby", kBob).ok());

  EXPECT_THAT(ListAllRoomIds(kAlice), ElementsAre("general", "lobby", "secret"));
  EXPECT_THAT(ListAllRoomIds(kBob), ElementsAre("general", "lobby"));
  EXPECT_THAT(ListAllRoomIds(kNobody), ElementsAre("general", "lobby"));
}

TEST_F(RoomServiceTest, ListRoomsJoinedListsCallersRooms) {
  ASSERT_TRUE(Create("secret", kAlice, v1::ROOM_VISIBILITY_PRIVATE).ok());
  ASSERT_TRUE(Create("lobby", kBob).ok());
  ASSERT_TRUE(Join("general", kAlice).ok());

  EXPECT_THAT(ListAllRoomIds(kAlice, v1::ROOM_SCOPE_JOINED), ElementsAre("general", "secret"));
  EXPECT_THAT(ListAllRoomIds(kBob, v1::ROOM_SCOPE_JOINED), ElementsAre("lobby"));
  EXPECT_THAT(ListAllRoomIds(kCarol, v1::ROOM_SCOPE_JOINED), ElementsAre());
}

TEST_F(RoomServiceTest, ListRoomsJoinedRequiresActor) {
  Result<v1::ListRoomsResponse> page = List(10, "", kNobody, v1::ROOM_SCOPE_JOINED);

  EXPECT_EQ(page.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(page.status().message(), HasSubstr("missing actor"));
}

TEST_F(RoomServiceTest, JoinRoomIsIdempotent) {
  Result<v1::Room> first = Join("General", kBob);
  Result<v1::Room> second = Join("general", kBob);

  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(first->room_id(), "general");
  EXPECT_EQ(first->member_count(), 1);
  EXPECT_EQ(second->member_count(), 1);
  EXPECT_TRUE(IsMember("general", "bob-id"));
}

TEST_F(RoomServiceTest, JoinRoomReportsUnknownRoom) {
  Result<v1::Room> room = Join("nowhere", kBob);

  EXPECT_EQ(room.status().code(), Code::kNotFound);
  EXPECT_THAT(room.status().message(), HasSubstr("\"nowhere\""));
}

TEST_F(RoomServiceTest, JoinRoomRequiresActor) {
  Result<v1::Room> room = Join("general", kNobody);

  EXPECT_EQ(room.status().code(), Code::kUnauthenticated);
  Result<v1::Room> general = Get("general");
  ASSERT_TRUE(general.ok());
  EXPECT_EQ(general->member_count(), 0);
}

TEST_F(RoomServiceTest, PrivateRoomNeedsInvitation) {
  ASSERT_TRUE(Create("secret", kAlice, v1::ROOM_VISIBILITY_PRIVATE).ok());

  Result<v1::Room> uninvited = Join("secret", kBob);
  EXPECT_EQ(uninvited.status().code(), Code::kPermissionDenied);
  EXPECT_THAT(uninvited.status().message(), HasSubstr("\"secret\" is private"));
  EXPECT_FALSE(IsMember("secret", "bob-id"));

  ASSERT_TRUE(Invite("secret", "bob-id", kAlice).ok());
  Result<v1::Room> invited = Join("secret", kBob);
  ASSERT_TRUE(invited.ok()) << invited.status().ToString();
  EXPECT_EQ(invited->member_count(), 2);
  EXPECT_TRUE(IsMember("secret", "bob-id"));
  EXPECT_THAT(ListAllRoomIds(kBob), ElementsAre("general", "secret"));

  // The creator is a member already and needs no invitation.
  EXPECT_TRUE(Join("secret", kAlice).ok());
}

TEST_F(RoomServiceTest, InviteRequiresMembership) {
  ASSERT_TRUE(Create("secret", kAlice, v1::ROOM_VISIBILITY_PRIVATE).ok());

  Result<v1::InviteToRoomResponse> invited = Invite("secret", "carol-id", kBob);

  EXPECT_EQ(invited.status().code(), Code::kPermissionDenied);
  EXPECT_THAT(invited.status().message(), HasSubstr("only members"));
  EXPECT_EQ(Join("secret", kCarol).status().code(), Code::kPermissionDenied);
}

TEST_F(RoomServiceTest, InviteRejectsExistingMember) {
  ASSERT_TRUE(Create("lobby", kAlice).ok());
  ASSERT_TRUE(Join("lobby", kBob).ok());

  Result<v1::InviteToRoomResponse> invited = Invite("lobby", "bob-id", kAlice);

  EXPECT_EQ(invited.status().code(), Code::kFailedPrecondition);
  EXPECT_THAT(invited.status().message(), HasSubstr("\"bob-id\" is already a member"));
}

TEST_F(RoomServiceTest, InviteNamesInviteeByUsernameWhenGiven) {
  ASSERT_TRUE(Create("lobby", kAlice).ok());
  ASSERT_TRUE(Join("lobby", kBob).ok());
  v1::InviteToRoomRequest request;
  request.set_room_id("lobby");
  request.set_invitee_id("bob-id");
  request.set_invitee_username("bob");

  Result<v1::InviteToRoomResponse> invited = client_->InviteToRoom(request, kAlice);

  EXPECT_EQ(invited.status().code(), Code::kFailedPrecondition);
  EXPECT_THAT(invited.status().message(), HasSubstr("user \"bob\""));
}

TEST_F(RoomServiceTest, InviteRejectsMissingInvitee) {
  ASSERT_TRUE(Create("secret", kAlice, v1::ROOM_VISIBILITY_PRIVATE).ok());

  Result<v1::InviteToRoomResponse> invited = Invite("secret", "", kAlice);

  EXPECT_EQ(invited.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(invited.status().message(), HasSubstr("invitee_id is missing"));
}

TEST_F(RoomServiceTest, InviteReportsUnknownRoomAndMissingActor) {
  Result<v1::InviteToRoomResponse> unknown = Invite("nowhere", "bob-id", kAlice);
  Result<v1::InviteToRoomResponse> anonymous = Invite("general", "bob-id", kNobody);

  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("\"nowhere\""));
  EXPECT_EQ(anonymous.status().code(), Code::kUnauthenticated);
}

TEST_F(RoomServiceTest, LeaveRoomRemovesMember) {
  ASSERT_TRUE(Join("general", kBob).ok());

  Result<v1::LeaveRoomResponse> left = Leave("General", kBob);

  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_FALSE(IsMember("general", "bob-id"));
  Result<v1::Room> general = Get("general");
  ASSERT_TRUE(general.ok());
  EXPECT_EQ(general->member_count(), 0);
}

TEST_F(RoomServiceTest, LeaveRoomReportsNonMember) {
  Result<v1::LeaveRoomResponse> not_member = Leave("general", kBob);
  Result<v1::LeaveRoomResponse> unknown_room = Leave("nowhere", kBob);
  Result<v1::LeaveRoomResponse> anonymous = Leave("general", kNobody);

  EXPECT_EQ(not_member.status().code(), Code::kNotFound);
  EXPECT_THAT(not_member.status().message(), HasSubstr("not a member of room \"general\""));
  EXPECT_EQ(unknown_room.status().code(), Code::kNotFound);
  EXPECT_THAT(unknown_room.status().message(), HasSubstr("room \"nowhere\" not found"));
  EXPECT_EQ(anonymous.status().code(), Code::kUnauthenticated);
}

TEST_F(RoomServiceTest, ListMembersPagesByUserId) {
  for (const char* user_id : {"u3", "u1", "u5", "u2", "u4"}) {
    ASSERT_TRUE(Join("general", ActingAs(user_id, std::string("name-") + user_id)).ok());
  }

  std::vector<std::string> listed;
  v1::ListMembersRequest request;
  request.set_room_id("general");
  request.set_page_size(2);
  int pages = 0;
  do {
    Result<v1::ListMembersResponse> page = client_->ListMembers(request);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const v1::Member& member : page->members()) {
      listed.push_back(member.user_id());
      EXPECT_EQ(member.username(), "name-" + member.user_id());
      EXPECT_GT(member.joined_at_us(), 0);
    }
    request.set_page_token(page->next_page_token());
    ++pages;
  } while (!request.page_token().empty());

  EXPECT_EQ(pages, 3);
  EXPECT_THAT(listed, ElementsAre("u1", "u2", "u3", "u4", "u5"));
}

TEST_F(RoomServiceTest, ListMembersRejectsBadRequests) {
  v1::ListMembersRequest unknown_room;
  unknown_room.set_room_id("nowhere");
  v1::ListMembersRequest too_large;
  too_large.set_room_id("general");
  too_large.set_page_size(10000);
  v1::ListMembersRequest bad_token;
  bad_token.set_room_id("general");
  bad_token.set_page_token("two words");

  Result<v1::ListMembersResponse> unknown = client_->ListMembers(unknown_room);
  Result<v1::ListMembersResponse> large = client_->ListMembers(too_large);
  Result<v1::ListMembersResponse> token = client_->ListMembers(bad_token);

  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_EQ(large.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(large.status().message(), HasSubstr("page_size 10000"));
  EXPECT_EQ(token.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(token.status().message(), HasSubstr("page_token"));
}

TEST_F(RoomServiceTest, CheckMembershipReturnsRoom) {
  ASSERT_TRUE(Create("Lobby", kAlice).ok());
  v1::CheckMembershipRequest request;
  request.set_room_id("LOBBY");
  request.set_user_id("alice-id");

  Result<v1::CheckMembershipResponse> alice = client_->CheckMembership(request);
  request.set_user_id("bob-id");
  Result<v1::CheckMembershipResponse> bob = client_->CheckMembership(request);

  ASSERT_TRUE(alice.ok()) << alice.status().ToString();
  ASSERT_TRUE(bob.ok()) << bob.status().ToString();
  EXPECT_TRUE(alice->is_member());
  EXPECT_FALSE(bob->is_member());
  EXPECT_EQ(alice->room().room_id(), "lobby");
  EXPECT_EQ(alice->room().name(), "Lobby");
}

TEST_F(RoomServiceTest, CheckMembershipRejectsBadRequests) {
  v1::CheckMembershipRequest unknown_room;
  unknown_room.set_room_id("nowhere");
  unknown_room.set_user_id("alice-id");
  v1::CheckMembershipRequest no_user;
  no_user.set_room_id("general");

  Result<v1::CheckMembershipResponse> unknown = client_->CheckMembership(unknown_room);
  Result<v1::CheckMembershipResponse> missing = client_->CheckMembership(no_user);

  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(missing.status().message(), HasSubstr("user_id is missing"));
}

TEST_F(RoomServiceTest, WatchMembershipReceivesJoin) {
  testing::EventCollector<v1::MembershipEvent> events;
  auto stream = client_->WatchMembership({}, events.OnMessage(), events.OnDone());
  WaitUntilWatching(events);
  const int64_t before_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();

  ASSERT_TRUE(Join("general", kBob).ok());

  auto joined = events.WaitFor(
      [](const v1::MembershipEvent& event) { return event.user_id() == "bob-id"; });
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(joined->room_id(), "general");
  EXPECT_EQ(joined->change(), v1::MEMBERSHIP_CHANGE_JOINED);
  EXPECT_GE(joined->at_us(), before_us);
}

TEST_F(RoomServiceTest, WatchMembershipReportsCreateInviteAndLeave) {
  testing::EventCollector<v1::MembershipEvent> events;
  auto stream = client_->WatchMembership({}, events.OnMessage(), events.OnDone());
  WaitUntilWatching(events);

  ASSERT_TRUE(Create("secret", kAlice, v1::ROOM_VISIBILITY_PRIVATE).ok());
  ASSERT_TRUE(Invite("secret", "bob-id", kAlice).ok());
  ASSERT_TRUE(Leave("secret", kAlice).ok());

  auto left = events.WaitFor([](const v1::MembershipEvent& event) {
    return event.change() == v1::MEMBERSHIP_CHANGE_LEFT && event.user_id() == "alice-id";
  });
  ASSERT_TRUE(left.has_value());
  std::vector<v1::MembershipEvent> secret = events.Matching(
      [](const v1::MembershipEvent& event) { return event.room_id() == "secret"; });
  ASSERT_EQ(secret.size(), 3u);
  EXPECT_EQ(secret[0].change(), v1::MEMBERSHIP_CHANGE_JOINED);
  EXPECT_EQ(secret[0].user_id(), "alice-id");
  EXPECT_EQ(secret[1].change(), v1::MEMBERSHIP_CHANGE_INVITED);
  EXPECT_EQ(secret[1].user_id(), "bob-id");
  EXPECT_EQ(secret[1].actor_id(), "alice-id");
  EXPECT_EQ(secret[2].change(), v1::MEMBERSHIP_CHANGE_LEFT);
}

TEST_F(RoomServiceTest, WatchMembershipFiltersRooms) {
  ASSERT_TRUE(Create("lobby", kAlice).ok());
  testing::EventCollector<v1::MembershipEvent> events;
  v1::WatchMembershipRequest request;
  request.add_room_ids("Lobby");
  auto stream = client_->WatchMembership(request, events.OnMessage(), events.OnDone());
  WaitUntilWatching(events, "lobby");

  ASSERT_TRUE(Join("general", kBob).ok());
  ASSERT_TRUE(Join("lobby", kBob).ok());

  auto joined_lobby = events.WaitFor([](const v1::MembershipEvent& event) {
    return event.user_id() == "bob-id";
  });
  ASSERT_TRUE(joined_lobby.has_value());
  EXPECT_EQ(joined_lobby->room_id(), "lobby");
  EXPECT_TRUE(events.Matching([](const v1::MembershipEvent& event) {
    return event.room_id() == "general";
  }).empty());
}

TEST_F(RoomServiceTest, WatchMembershipRejectsMalformedRoomIds) {
  testing::EventCollector<v1::MembershipEvent> events;
  v1::WatchMembershipRequest request;
  request.add_room_ids("general");
  request.add_room_ids("not a room");

  auto stream = client_->WatchMembership(request, events.OnMessage(), events.OnDone());

  std::optional<Status> end = events.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->code(), Code::kInvalidArgument);
  EXPECT_THAT(end->message(), HasSubstr("\"not a room\""));
}

TEST_F(RoomServiceTest, WatchMembershipEndsAtShutdown) {
  testing::EventCollector<v1::MembershipEvent> events;
  auto stream = client_->WatchMembership({}, events.OnMessage(), events.OnDone());
  WaitUntilWatching(events);

  server_.Shutdown();

  std::optional<Status> end = events.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->code(), Code::kUnavailable);
}

}  // namespace
}  // namespace dchat
