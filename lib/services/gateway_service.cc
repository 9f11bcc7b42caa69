// The reference gateway: authenticates every call, takes the caller's
// identity from the token, checks membership, and forwards to the internal
// services; streams each caller's events.
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <spdlog/spdlog.h>

#include "dchat/reference_services.h"
#include "internal/validation.h"
#include "services/gateway/authenticator.h"
#include "services/gateway/event_hub.h"
#include "services/gateway/membership_cache.h"
#include "services/gateway/presence_keeper.h"
#include "services/gateway/session.h"
#include "services/gateway/upstreams.h"

namespace dchat {
namespace {

using gateway::Identity;

// Rooms one event stream follows at most; matches the presence service's
// limit on rooms per heartbeat.
constexpr int kMaxFollowedRooms = 1000;

// Successful membership checks are cached this long.
constexpr std::chrono::milliseconds kMembershipCacheTtl{10000};

class GatewayService : public GatewayServiceBase {
 public:
  GatewayService(std::shared_ptr<gateway::Upstreams> upstreams, GatewayOptions options)
      : upstreams_(std::move(upstreams)),
        options_(std::move(options)),
        auth_(upstreams_, options_.token_cache_ttl),
        memberships_(upstreams_, kMembershipCacheTtl),
        keeper_(upstreams_, options_.presence_ttl),
        hub_(upstreams_, &memberships_, &keeper_) {}

  void OnStart() override { hub_.Start(); }

  void OnShutdown() override {
    hub_.Stop();
    keeper_.Stop();
  }

  // Account.

  Result<v1::User> Register(const CallContext&, const v1::RegisterRequest& request) override {
    return upstreams_->users->Register(request);
  }

  Result<v1::LoginResponse> Login(const CallContext&, const v1::LoginRequest& request) override {
    return upstreams_->users->Login(request);
  }

  Result<v1::LogoutResponse> Logout(const CallContext& call, const v1::LogoutRequest&) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::RevokeTokenRequest revoke;
    revoke.set_token(call.bearer_token());
    Result<v1::RevokeTokenResponse> revoked = upstreams_->users->RevokeToken(revoke);
    if (!revoked.ok()) return revoked.status();
    auth_.Forget(call.bearer_token());
    return v1::LogoutResponse();
  }

  Result<v1::User> WhoAmI(const CallContext& call, const v1::WhoAmIRequest&) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    v1::GetUserRequest request;
    request.set_user_id(caller->user_id);
    return upstreams_->users->GetUser(request);
  }

  Result<v1::User> GetUser(const CallContext& call, const v1::GetUserRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    return upstreams_->users->GetUser(request);
  }

  // Rooms.

  Result<v1::Room> CreateRoom(const CallContext& call,
                              const v1::CreateRoomRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    Result<v1::Room> room = upstreams_->rooms->CreateRoom(request, gateway::ActingFor(*caller));
    if (room.ok()) memberships_.Remember(room->room_id(), caller->user_id);
    return room;
  }

  Result<v1::Room> GetRoom(const CallContext& call, const v1::GetRoomRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::CheckMembershipRequest check;
    check.set_room_id(internal::FoldCase(request.room_id()));
    check.set_user_id(caller->user_id);
    Result<v1::CheckMembershipResponse> checked =
        upstreams_->rooms->CheckMembership(check, gateway::ActingFor(*caller));
    if (!checked.ok()) return checked.status();

    // A private room is not revealed to those outside it.
    if (checked->room().visibility() == v1::ROOM_VISIBILITY_PRIVATE && !checked->is_member()) {
      return NotFoundError("room '" + request.room_id() + "' does not exist");
    }
    return checked->room();
  }

  Result<v1::ListRoomsResponse> ListRooms(const CallContext& call,
                                          const v1::ListRoomsRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    return upstreams_->rooms->ListRooms(request, gateway::ActingFor(*caller));
  }

  Result<v1::Room> JoinRoom(const CallContext& call, const v1::JoinRoomRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    Result<v1::Room> room = upstreams_->rooms->JoinRoom(request, gateway::ActingFor(*caller));
    if (room.ok()) memberships_.Remember(room->room_id(), caller->user_id);
    return room;
  }

  Result<v1::LeaveRoomResponse> LeaveRoom(const CallContext& call,
                                          const v1::LeaveRoomRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    memberships_.Forget(internal::FoldCase(request.room_id()), caller->user_id);
    return upstreams_->rooms->LeaveRoom(request, gateway::ActingFor(*caller));
  }

  Result<v1::InviteToRoomResponse> InviteToRoom(const CallContext& call,
                                                const v1::InviteToRoomRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::InviteToRoomRequest forwarded = request;
    if (forwarded.invitee_id().empty()) {
      if (request.invitee_username().empty()) {
        return InvalidArgumentError("no user to invite: give invitee_username");
      }
      v1::GetUserRequest lookup;
      lookup.set_username(request.invitee_username());
      Result<v1::User> invitee = upstreams_->users->GetUser(lookup);
      if (!invitee.ok()) return invitee.status();
      forwarded.set_invitee_id(invitee->user_id());
    }
    return upstreams_->rooms->InviteToRoom(forwarded, gateway::ActingFor(*caller));
  }

  Result<v1::ListMembersResponse> ListMembers(const CallContext& call,
                                              const v1::ListMembersRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    DCHAT_RETURN_IF_ERROR(memberships_.RequireMember(*caller, internal::FoldCase(request.room_id())));
    return upstreams_->rooms->ListMembers(request, gateway::ActingFor(*caller));
  }

  // Messages.

  Result<v1::Message> SendMessage(const CallContext& call,
                                  const v1::SendMessageRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::SendMessageRequest forwarded = request;
    forwarded.set_room_id(internal::FoldCase(request.room_id()));
    DCHAT_RETURN_IF_ERROR(memberships_.RequireMember(*caller, forwarded.room_id()));
    return upstreams_->messages->AppendMessage(forwarded, gateway::ActingFor(*caller));
  }

  // Forwards from the gRPC thread without holding a worker thread, when
  // the caller's token and membership are cached: then nothing blocks.
  // Otherwise checking them needs calls to other services, so SendMessage
  // runs on the worker pool.
  void SendMessageAsync(const CallContext& call, const v1::SendMessageRequest& request,
                        UnaryReply<v1::Message> reply) override {
    std::optional<Identity> caller = auth_.Cached(call);
    std::string room_id = internal::FoldCase(request.room_id());
    if (!caller || !memberships_.IsCachedMember(room_id, caller->user_id)) {
      GatewayServiceBase::SendMessageAsync(call, request, std::move(reply));
      return;
    }

    v1::SendMessageRequest forwarded = request;
    forwarded.set_room_id(std::move(room_id));
    upstreams_->messages->AppendMessageAsync(forwarded, std::move(reply), gateway::ActingFor(*caller));
  }

  Result<v1::ListMessagesResponse> ListMessages(const CallContext& call,
                                                const v1::ListMessagesRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::ListMessagesRequest forwarded = request;
    forwarded.set_room_id(internal::FoldCase(request.room_id()));
    DCHAT_RETURN_IF_ERROR(memberships_.RequireMember(*caller, forwarded.room_id()));
    return upstreams_->messages->ListMessages(forwarded);
  }

  // Presence.

  Result<v1::Presence> SetPresence(const CallContext& call,
                                   const v1::SetPresenceRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    if (request.status() != v1::PRESENCE_STATUS_ONLINE &&
        request.status() != v1::PRESENCE_STATUS_AWAY) {
      return InvalidArgumentError("status " + v1::PresenceStatus_Name(request.status()) +
                                  " cannot be set: use PRESENCE_STATUS_ONLINE or "
                                  "PRESENCE_STATUS_AWAY");
    }

    Result<std::set<std::string>> rooms = JoinedRooms(*caller);
    if (!rooms.ok()) return rooms.status();
    keeper_.SetStatus(caller->user_id, request.status());

    v1::HeartbeatRequest heartbeat;
    heartbeat.set_status(request.status());
    heartbeat.set_ttl_ms(options_.presence_ttl.count());
    for (const std::string& room : *rooms) heartbeat.add_room_ids(room);
    return upstreams_->presence->Heartbeat(heartbeat, gateway::ActingFor(*caller));
  }

  Result<v1::SetTypingResponse> SetTyping(const CallContext& call,
                                          const v1::SetTypingRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::SetTypingRequest forwarded = request;
    forwarded.set_room_id(internal::FoldCase(request.room_id()));
    DCHAT_RETURN_IF_ERROR(memberships_.RequireMember(*caller, forwarded.room_id()));
    return upstreams_->presence->SetTyping(forwarded, gateway::ActingFor(*caller));
  }

  Result<v1::GetPresenceResponse> GetPresence(const CallContext& call,
                                              const v1::GetPresenceRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();
    return upstreams_->presence->GetPresence(request);
  }

  Result<v1::GetRosterResponse> GetRoster(const CallContext& call,
                                          const v1::GetRosterRequest& request) override {
    Result<Identity> caller = auth_.Authenticate(call);
    if (!caller.ok()) return caller.status();

    v1::GetRosterRequest forwarded = request;
    forwarded.set_room_id(internal::FoldCase(request.room_id()));
    DCHAT_RETURN_IF_ERROR(memberships_.RequireMember(*caller, forwarded.room_id()));
    return upstreams_->presence->GetRoster(forwarded);
  }

  // Events.

  void Subscribe(const v1::SubscribeRequest& request,
                 std::shared_ptr<ServerStream<v1::Event>> stream) override {
    Result<Identity> caller = auth_.Authenticate(stream->context());
    if (!caller.ok()) {
      stream->Finish(caller.status());
      return;
    }
    Result<std::set<std::string>> joined = JoinedRooms(*caller);
    if (!joined.ok()) {
      stream->Finish(joined.status());
      return;
    }

    auto session = gateway::Session::Create(
        *caller, stream, upstreams_,
        [this](std::function<void()> task) { runtime()->Submit(std::move(task)); });
    Status followed = FollowRooms(*session, request, *joined);
    if (!followed.ok()) {
      stream->Finish(followed);
      return;
    }

    hub_.Add(session);
    keeper_.Attach(*caller, session->rooms());
    std::weak_ptr<gateway::Session> weak_session = session;
    stream->OnDrained([weak_session] {
      if (auto session = weak_session.lock()) session->OnDrained();
    });
    stream->OnClosed([this, session](const Status&) {
      session->Stop();
      hub_.Remove(session.get());
      keeper_.Detach(session->identity().user_id);
    });
    session->Start();
  }

 private:
  // Every room the caller is a member of, up to kMaxFollowedRooms.
  Result<std::set<std::string>> JoinedRooms(const Identity& caller) {
    std::set<std::string> rooms;
    v1::ListRoomsRequest request;
    request.set_scope(v1::ROOM_SCOPE_JOINED);
    request.set_page_size(500);
    do {
      Result<v1::ListRoomsResponse> page =
          upstreams_->rooms->ListRooms(request, gateway::ActingFor(caller));
      if (!page.ok()) return page.status();
      for (const v1::Room& room : page->rooms()) rooms.insert(room.room_id());
      request.set_page_token(page->next_page_token());
    } while (!request.page_token().empty() && rooms.size() < kMaxFollowedRooms);
    return rooms;
  }

  // Listed rooms resume from their cursors; the caller's other rooms are
  // followed from now on.
  Status FollowRooms(gateway::Session& session, const v1::SubscribeRequest& request,
                     const std::set<std::string>& joined) {
    std::set<std::string> listed;
    for (const v1::RoomCursor& cursor : request.cursors()) {
      std::string room_id = internal::FoldCase(cursor.room_id());
      if (joined.count(room_id) == 0) {
        return PermissionDeniedError("you are not a member of room '" + cursor.room_id() +
                                     "': join it before following it");
      }
      session.Follow(room_id, cursor.after_seq());
      listed.insert(room_id);
    }
    for (const std::string& room_id : joined) {
      if (listed.count(room_id) == 0) session.Follow(room_id, -1);
    }
    return OkStatus();
  }

  std::shared_ptr<gateway::Upstreams> upstreams_;
  const GatewayOptions options_;
  gateway::Authenticator auth_;
  gateway::MembershipCache memberships_;
  gateway::PresenceKeeper keeper_;
  gateway::EventHub hub_;
};

}  // namespace

Result<std::shared_ptr<GatewayServiceBase>> NewGatewayService(GatewayOptions options) {
  if (options.presence_ttl < std::chrono::milliseconds(1000)) {
    return InvalidArgumentError("presence_ttl is " + std::to_string(options.presence_ttl.count()) +
                                " ms: use at least 1000 ms");
  }
  auto upstreams = gateway::Upstreams::Connect(options);
  if (!upstreams.ok()) return upstreams.status();
  return std::shared_ptr<GatewayServiceBase>(
      std::make_shared<GatewayService>(std::move(*upstreams), std::move(options)));
}

}  // namespace dchat
