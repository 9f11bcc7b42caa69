// The reference room service: rooms, membership and invitations over a
// RoomStore, and a live stream of membership changes.
#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "dchat/reference_services.h"
#include "internal/validation.h"
#include "services/handler_support.h"
#include "services/stream_hub.h"

namespace dchat {
namespace {

using internal::FoldCase;
using internal::QuoteValue;
using services::ParseRoomId;
using MembershipHub = services::StreamHub<v1::MembershipEvent>;

// Maximum number of rooms one WatchMembership call may name.
constexpr int kMaxWatchedRooms = 1000;
// User ids are 32 hex digits, so a much longer value is not one.
constexpr size_t kMaxUserIdBytes = 128;

v1::RoomVisibility ToProto(Visibility visibility) {
  return visibility == Visibility::kPrivate ? v1::ROOM_VISIBILITY_PRIVATE
                                            : v1::ROOM_VISIBILITY_PUBLIC;
}

v1::Room ToProto(const RoomRecord& record) {
  v1::Room room;
  room.set_room_id(record.room_id);
  room.set_name(record.name);
  room.set_topic(record.topic);
  room.set_visibility(ToProto(record.visibility));
  room.set_creator_id(record.creator_id);
  room.set_created_at_us(record.created_at_us);
  room.set_member_count(record.member_count);
  return room;
}

v1::Member ToProto(const MemberRecord& record) {
  v1::Member member;
  member.set_user_id(record.user_id);
  member.set_username(record.username);
  member.set_joined_at_us(record.joined_at_us);
  return member;
}

std::string IdsForLog(const std::string& room_id, const std::string& user_id) {
  return "room_id=" + room_id + " user_id=" + user_id;
}

Status RoomNotFound(const std::string& room_id) {
  return NotFoundError("room " + QuoteValue(room_id) + " not found");
}

Status ValidateUserId(const std::string& user_id, std::string_view field) {
  if (user_id.empty()) return InvalidArgumentError(std::string(field) + " is missing");

  const bool printable = std::all_of(user_id.begin(), user_id.end(),
                                     [](char c) { return c > 0x20 && c < 0x7F; });
  if (user_id.size() > kMaxUserIdBytes || !printable) {
    return InvalidArgumentError(std::string(field) + " " + QuoteValue(user_id) +
                                " is invalid: user ids are printable ASCII without spaces");
  }
  return OkStatus();
}

Status InvalidPageToken(const std::string& token) {
  return InvalidArgumentError(
      "page_token " + QuoteValue(token) +
      " is invalid: pass the next_page_token of the previous page, or nothing for the first page");
}

// A room page token is the id of the last room of the previous page.
Result<std::string> ParseRoomPageToken(const std::string& token) {
  if (token.empty()) return std::string();
  if (!internal::ValidateRoomName(token).ok() || FoldCase(token) != token) {
    return InvalidPageToken(token);
  }
  return token;
}

// A member page token is the user id of the last member of the previous
// page.
Result<std::string> ParseMemberPageToken(const std::string& token) {
  if (token.empty()) return std::string();
  if (!ValidateUserId(token, "page_token").ok()) return InvalidPageToken(token);
  return token;
}

RoomServiceOptions Normalized(RoomServiceOptions options) {
  options.pages.default_page_size =
      std::min(options.pages.default_page_size, options.pages.max_page_size);
  return options;
}

class RoomService final : public RoomServiceBase {
 public:
  RoomService(std::shared_ptr<RoomStore> store, RoomServiceOptions options)
      : store_(std::move(store)),
        options_(Normalized(std::move(options))),
        watchers_(std::make_shared<MembershipHub>(
            "membership watcher too slow; reconnect")) {
    EnsureDefaultRoom();
  }

  Result<v1::Room> CreateRoom(const CallContext& call,
                              const v1::CreateRoomRequest& request) override;
  Result<v1::Room> GetRoom(const CallContext& call,
                           const v1::GetRoomRequest& request) override;
  Result<v1::ListRoomsResponse> ListRooms(const CallContext& call,
                                          const v1::ListRoomsRequest& request) override;
  Result<v1::Room> JoinRoom(const CallContext& call,
                            const v1::JoinRoomRequest& request) override;
  Result<v1::LeaveRoomResponse> LeaveRoom(const CallContext& call,
                                          const v1::LeaveRoomRequest& request) override;
  Result<v1::InviteToRoomResponse> InviteToRoom(
      const CallContext& call, const v1::InviteToRoomRequest& request) override;
  Result<v1::ListMembersResponse> ListMembers(
      const CallContext& call, const v1::ListMembersRequest& request) override;
  Result<v1::CheckMembershipResponse> CheckMembership(
      const CallContext& call, const v1::CheckMembershipRequest& request) override;
  void WatchMembership(const v1::WatchMembershipRequest& request,
                       std::shared_ptr<ServerStream<v1::MembershipEvent>> stream) override;

 private:
  void EnsureDefaultRoom();
  Result<RoomRecord> LoadRoom(const std::string& room_id);
  Result<bool> IsMember(const std::string& room_id, const std::string& user_id);
  Status CheckMayJoin(const RoomRecord& room, const std::string& user_id);
  Result<bool> AddMember(const MemberRecord& member);
  Status CheckNotMember(const RoomRecord& room, const v1::InviteToRoomRequest& request);
  void PublishChange(const std::string& room_id, const std::string& user_id,
                     v1::MembershipChange change, const std::string& actor_id = {});

  const std::shared_ptr<RoomStore> store_;
  const RoomServiceOptions options_;
  const std::shared_ptr<MembershipHub> watchers_;
};

void RoomService::EnsureDefaultRoom() {
  const std::string& name = options_.default_room;
  if (name.empty()) return;
  Status valid = internal::ValidateRoomName(name);
  if (!valid.ok()) {
    spdlog::error("room service: cannot create the default room: {}", valid.message());
    return;
  }

  RoomRecord room;
  room.room_id = FoldCase(name);
  room.name = name;
  room.visibility = Visibility::kPublic;
  room.created_at_us = internal::NowMicros();
  Status created = store_->CreateRoom(room, std::nullopt);
  if (created.ok()) {
    spdlog::info("room service created the default room \"{}\"", room.room_id);
  } else if (created.code() != Code::kAlreadyExists) {
    spdlog::warn("room store failed to create the default room (room_id={}): {}",
                 room.room_id, created.ToString());
  }
}

Result<v1::Room> RoomService::CreateRoom(const CallContext& call,
                                         const v1::CreateRoomRequest& request) {
  DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
  DCHAT_RETURN_IF_ERROR(internal::ValidateRoomName(request.name()));
  DCHAT_RETURN_IF_ERROR(internal::ValidateTopic(request.topic()));

  RoomRecord room;
  switch (request.visibility()) {
    case v1::ROOM_VISIBILITY_UNSPECIFIED:
    case v1::ROOM_VISIBILITY_PUBLIC:
      room.visibility = Visibility::kPublic;
      break;
    case v1::ROOM_VISIBILITY_PRIVATE:
      room.visibility = Visibility::kPrivate;
      break;
    default:
      return InvalidArgumentError("visibility " + std::to_string(request.visibility()) +
                                  " is unknown: use ROOM_VISIBILITY_PUBLIC or "
                                  "ROOM_VISIBILITY_PRIVATE");
  }
  room.room_id = FoldCase(request.name());
  room.name = request.name();
  room.topic = request.topic();
  room.creator_id = call.actor_id();
  room.created_at_us = internal::NowMicros();

  MemberRecord creator{room.room_id, call.actor_id(), call.actor_name(), room.created_at_us};
  Status created = store_->CreateRoom(room, creator);
  if (created.code() == Code::kAlreadyExists) {
    return AlreadyExistsError("room name " + QuoteValue(request.name()) +
                              " is already taken (room names are unique without regard "
                              "to case): choose another");
  }
  if (!created.ok()) {
    return services::StoreFailure("room", "create a room",
                                  IdsForLog(room.room_id, call.actor_id()), created);
  }

  PublishChange(room.room_id, call.actor_id(), v1::MEMBERSHIP_CHANGE_JOINED);
  room.member_count = 1;
  return ToProto(room);
}

Result<v1::Room> RoomService::GetRoom(const CallContext&, const v1::GetRoomRequest& request) {
  Result<std::string> room_id = ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();

  Result<RoomRecord> room = LoadRoom(*room_id);
  if (!room.ok()) return room.status();
  return ToProto(*room);
}

Result<v1::ListRoomsResponse> RoomService::ListRooms(const CallContext& call,
                                                     const v1::ListRoomsRequest& request) {
  Result<int> page_size = services::ResolvePageSize(request.page_size(), options_.pages);
  if (!page_size.ok()) return page_size.status();
  Result<std::string> after = ParseRoomPageToken(request.page_token());
  if (!after.ok()) return after.status();

  // An empty member_id lists public rooms plus the viewer's private ones.
  std::string member_id;
  std::string viewer_id;
  switch (request.scope()) {
    case v1::ROOM_SCOPE_VISIBLE:
      viewer_id = call.actor_id();
      break;
    case v1::ROOM_SCOPE_JOINED:
      DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
      member_id = call.actor_id();
      break;
    default:
      return InvalidArgumentError("scope " + std::to_string(request.scope()) +
                                  " is unknown: use ROOM_SCOPE_VISIBLE or ROOM_SCOPE_JOINED");
  }

  // Reading one room more than the page size shows whether another page
  // follows.
  Result<std::vector<RoomRecord>> rooms =
      store_->ListRooms(member_id, viewer_id, *after, *page_size + 1);
  if (!rooms.ok()) {
    return services::StoreFailure("room", "list rooms", "actor_id=" + call.actor_id(),
                                  rooms.status());
  }

  v1::ListRoomsResponse response;
  const size_t page_length = std::min(rooms->size(), static_cast<size_t>(*page_size));
  for (size_t i = 0; i < page_length; ++i) *response.add_rooms() = ToProto((*rooms)[i]);
  if (rooms->size() > page_length) response.set_next_page_token((*rooms)[page_length - 1].room_id);
  return response;
}

Result<v1::Room> RoomService::JoinRoom(const CallContext& call,
                                       const v1::JoinRoomRequest& request) {
  DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
  Result<std::string> room_id = ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();

  Result<RoomRecord> room = LoadRoom(*room_id);
  if (!room.ok()) return room.status();
  DCHAT_RETURN_IF_ERROR(CheckMayJoin(*room, call.actor_id()));

  MemberRecord member{*room_id, call.actor_id(), call.actor_name(), internal::NowMicros()};
  Result<bool> added = AddMember(member);
  if (!added.ok()) return added.status();

  // Joining twice succeeds and changes nothing.
  if (*added) {
    ++room->member_count;
    PublishChange(*room_id, call.actor_id(), v1::MEMBERSHIP_CHANGE_JOINED);
  }
  return ToProto(*room);
}

Status RoomService::CheckMayJoin(const RoomRecord& room, const std::string& user_id) {
  if (room.visibility == Visibility::kPublic) return OkStatus();

  Result<bool> member = IsMember(room.room_id, user_id);
  if (!member.ok()) return member.status();
  if (*member) return OkStatus();

  Result<bool> invited = store_->HasInvite(room.room_id, user_id);
  if (!invited.ok()) {
    return services::StoreFailure("room", "check an invitation",
                                  IdsForLog(room.room_id, user_id), invited.status());
  }
  if (*invited) return OkStatus();
  return PermissionDeniedError("room " + QuoteValue(room.room_id) +
                               " is private: ask a member to invite you first");
}

Result<bool> RoomService::AddMember(const MemberRecord& member) {
  Result<bool> added = store_->AddMember(member);
  if (added.ok()) return added;
  if (added.status().code() == Code::kNotFound) return RoomNotFound(member.room_id);
  return services::StoreFailure("room", "add a member",
                                IdsForLog(member.room_id, member.user_id), added.status());
}

Result<v1::LeaveRoomResponse> RoomService::LeaveRoom(const CallContext& call,
                                                     const v1::LeaveRoomRequest& request) {
  DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
  Result<std::string> room_id = ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();

  Result<bool> removed = store_->RemoveMember(*room_id, call.actor_id());
  if (!removed.ok()) {
    return services::StoreFailure("room", "remove a member",
                                  IdsForLog(*room_id, call.actor_id()), removed.status());
  }
  if (!*removed) {
    // Tell an unknown room apart from a room the caller is not in.
    Result<RoomRecord> room = LoadRoom(*room_id);
    if (!room.ok()) return room.status();
    return NotFoundError("you are not a member of room " + QuoteValue(*room_id) +
                         ", so there is nothing to leave");
  }

  PublishChange(*room_id, call.actor_id(), v1::MEMBERSHIP_CHANGE_LEFT);
  return v1::LeaveRoomResponse();
}

Result<v1::InviteToRoomResponse> RoomService::InviteToRoom(
    const CallContext& call, const v1::InviteToRoomRequest& request) {
  DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
  Result<std::string> room_id = ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();
  if (request.invitee_id().empty()) {
    return InvalidArgumentError(
        "invitee_id is missing: the gateway resolves invitee_username to an id and passes it on");
  }
  DCHAT_RETURN_IF_ERROR(ValidateUserId(request.invitee_id(), "invitee_id"));

  Result<RoomRecord> room = LoadRoom(*room_id);
  if (!room.ok()) return room.status();
  Result<bool> inviter_is_member = IsMember(*room_id, call.actor_id());
  if (!inviter_is_member.ok()) return inviter_is_member.status();
  if (!*inviter_is_member) {
    return PermissionDeniedError("only members of room " + QuoteValue(*room_id) +
                                 " may invite others to it: join it first");
  }
  DCHAT_RETURN_IF_ERROR(CheckNotMember(*room, request));

  Status invited = store_->AddInvite(*room_id, request.invitee_id(), call.actor_id(),
                                     internal::NowMicros());
  if (invited.code() == Code::kNotFound) return RoomNotFound(*room_id);
  if (!invited.ok()) {
    return services::StoreFailure("room", "record an invitation",
                                  IdsForLog(*room_id, request.invitee_id()), invited);
  }

  PublishChange(*room_id, request.invitee_id(), v1::MEMBERSHIP_CHANGE_INVITED, call.actor_id());
  return v1::InviteToRoomResponse();
}

Status RoomService::CheckNotMember(const RoomRecord& room,
                                   const v1::InviteToRoomRequest& request) {
  Result<bool> member = IsMember(room.room_id, request.invitee_id());
  if (!member.ok()) return member.status();
  if (!*member) return OkStatus();

  const std::string& invitee = request.invitee_username().empty() ? request.invitee_id()
                                                                  : request.invitee_username();
  return FailedPreconditionError("user " + QuoteValue(invitee) +
                                 " is already a member of room " + QuoteValue(room.room_id));
}

Result<v1::ListMembersResponse> RoomService::ListMembers(
    const CallContext&, const v1::ListMembersRequest& request) {
  Result<std::string> room_id = ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();
  Result<int> page_size = services::ResolvePageSize(request.page_size(), options_.pages);
  if (!page_size.ok()) return page_size.status();
  Result<std::string> after = ParseMemberPageToken(request.page_token());
  if (!after.ok()) return after.status();

  Result<RoomRecord> room = LoadRoom(*room_id);
  if (!room.ok()) return room.status();

  // Reading one member more than the page size shows whether another page
  // follows.
  Result<std::vector<MemberRecord>> members =
      store_->ListMembers(*room_id, *after, *page_size + 1);
  if (!members.ok()) {
    return services::StoreFailure("room", "list members", "room_id=" + *room_id,
                                  members.status());
  }

  v1::ListMembersResponse response;
  const size_t page_length = std::min(members->size(), static_cast<size_t>(*page_size));
  for (size_t i = 0; i < page_length; ++i) *response.add_members() = ToProto((*members)[i]);
  if (members->size() > page_length) response.set_next_page_token((*members)[page_length - 1].user_id);
  return response;
}

Result<v1::CheckMembershipResponse> RoomService::CheckMembership(
    const CallContext&, const v1::CheckMembershipRequest& request) {
  Result<std::string> room_id = ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();
  DCHAT_RETURN_IF_ERROR(ValidateUserId(request.user_id(), "user_id"));

  Result<RoomRecord> room = LoadRoom(*room_id);
  if (!room.ok()) return room.status();
  Result<bool> member = IsMember(*room_id, request.user_id());
  if (!member.ok()) return member.status();

  v1::CheckMembershipResponse response;
  response.set_is_member(*member);
  *response.mutable_room() = ToProto(*room);
  return response;
}

void RoomService::WatchMembership(const v1::WatchMembershipRequest& request,
                                  std::shared_ptr<ServerStream<v1::MembershipEvent>> stream) {
  Result<std::set<std::string>> room_ids =
      services::ParseRoomIds(request.room_ids(), "room_ids", kMaxWatchedRooms);
  if (!room_ids.ok()) {
    stream->Finish(room_ids.status());
    return;
  }
  watchers_->Add(std::move(stream), std::move(*room_ids));
}

Result<RoomRecord> RoomService::LoadRoom(const std::string& room_id) {
  Result<RoomRecord> room = store_->GetRoom(room_id);
  if (room.ok()) return room;
  if (room.status().code() == Code::kNotFound) return RoomNotFound(room_id);
  return services::StoreFailure("room", "read a room", "room_id=" + room_id, room.status());
}

Result<bool> RoomService::IsMember(const std::string& room_id, const std::string& user_id) {
  Result<bool> member = store_->IsMember(room_id, user_id);
  if (member.ok()) return member;
  return services::StoreFailure("room", "check a membership", IdsForLog(room_id, user_id),
                                member.status());
}

// NOTE: events are published after the store write without a shared lock,
// so two concurrent changes of one membership may reach watchers in the
// opposite order of their commits.
void RoomService::PublishChange(const std::string& room_id, const std::string& user_id,
                                v1::MembershipChange change, const std::string& actor_id) {
  v1::MembershipEvent event;
  event.set_room_id(room_id);
  event.set_user_id(user_id);
  event.set_change(change);
  event.set_actor_id(actor_id);
  event.set_at_us(internal::NowMicros());
  watchers_->Publish(event, {room_id});
}

}  // namespace

std::shared_ptr<RoomServiceBase> NewRoomService(std::shared_ptr<RoomStore> store,
                                                RoomServiceOptions options) {
  return std::make_shared<RoomService>(std::move(store), std::move(options));
}

}  // namespace dchat
