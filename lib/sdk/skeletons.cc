// The skeletons forward each generated callback-API method to a typed
// handler on the worker pool.
#include "dchat/skeletons.h"

#include "sdk/dispatch.h"

namespace dchat {

class UserServiceBase::Adapter : public v1::UserService::CallbackService {
 public:
  explicit Adapter(UserServiceBase* owner) : owner_(owner) {}

  grpc::ServerUnaryReactor* Register(grpc::CallbackServerContext* context,
      const v1::RegisterRequest* request, v1::User* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.UserService/Register", request, response,
        [this](const CallContext& call, const v1::RegisterRequest& r) { return owner_->Register(call, r); });
  }

  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
      const v1::LoginRequest* request, v1::LoginResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.UserService/Login", request, response,
        [this](const CallContext& call, const v1::LoginRequest& r) { return owner_->Login(call, r); });
  }

  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
      const v1::RevokeTokenRequest* request, v1::RevokeTokenResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.UserService/RevokeToken", request, response,
        [this](const CallContext& call, const v1::RevokeTokenRequest& r) { return owner_->RevokeToken(call, r); });
  }

  grpc::ServerUnaryReactor* VerifyToken(grpc::CallbackServerContext* context,
      const v1::VerifyTokenRequest* request, v1::VerifyTokenResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.UserService/VerifyToken", request, response,
        [this](const CallContext& call, const v1::VerifyTokenRequest& r) { return owner_->VerifyToken(call, r); });
  }

  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* context,
      const v1::GetUserRequest* request, v1::User* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.UserService/GetUser", request, response,
        [this](const CallContext& call, const v1::GetUserRequest& r) { return owner_->GetUser(call, r); });
  }

 private:
  UserServiceBase* owner_;
};

UserServiceBase::UserServiceBase() : adapter_(std::make_unique<Adapter>(this)) {}
UserServiceBase::~UserServiceBase() = default;
grpc::Service* UserServiceBase::grpc_service() { return adapter_.get(); }

Result<v1::User> UserServiceBase::Register(const CallContext&, const v1::RegisterRequest&) {
  return detail::Unimplemented("dchat.v1.UserService/Register");
}

Result<v1::LoginResponse> UserServiceBase::Login(const CallContext&, const v1::LoginRequest&) {
  return detail::Unimplemented("dchat.v1.UserService/Login");
}

Result<v1::RevokeTokenResponse> UserServiceBase::RevokeToken(const CallContext&, const v1::RevokeTokenRequest&) {
  return detail::Unimplemented("dchat.v1.UserService/RevokeToken");
}

Result<v1::VerifyTokenResponse> UserServiceBase::VerifyToken(const CallContext&, const v1::VerifyTokenRequest&) {
  return detail::Unimplemented("dchat.v1.UserService/VerifyToken");
}

Result<v1::User> UserServiceBase::GetUser(const CallContext&, const v1::GetUserRequest&) {
  return detail::Unimplemented("dchat.v1.UserService/GetUser");
}

class RoomServiceBase::Adapter : public v1::RoomService::CallbackService {
 public:
  explicit Adapter(RoomServiceBase* owner) : owner_(owner) {}

  grpc::ServerUnaryReactor* CreateRoom(grpc::CallbackServerContext* context,
      const v1::CreateRoomRequest* request, v1::Room* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/CreateRoom", request, response,
        [this](const CallContext& call, const v1::CreateRoomRequest& r) { return owner_->CreateRoom(call, r); });
  }

  grpc::ServerUnaryReactor* GetRoom(grpc::CallbackServerContext* context,
      const v1::GetRoomRequest* request, v1::Room* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/GetRoom", request, response,
        [this](const CallContext& call, const v1::GetRoomRequest& r) { return owner_->GetRoom(call, r); });
  }

  grpc::ServerUnaryReactor* ListRooms(grpc::CallbackServerContext* context,
      const v1::ListRoomsRequest* request, v1::ListRoomsResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/ListRooms", request, response,
        [this](const CallContext& call, const v1::ListRoomsRequest& r) { return owner_->ListRooms(call, r); });
  }

  grpc::ServerUnaryReactor* JoinRoom(grpc::CallbackServerContext* context,
      const v1::JoinRoomRequest* request, v1::Room* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/JoinRoom", request, response,
        [this](const CallContext& call, const v1::JoinRoomRequest& r) { return owner_->JoinRoom(call, r); });
  }

  grpc::ServerUnaryReactor* LeaveRoom(grpc::CallbackServerContext* context,
      const v1::LeaveRoomRequest* request, v1::LeaveRoomResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/LeaveRoom", request, response,
        [this](const CallContext& call, const v1::LeaveRoomRequest& r) { return owner_->LeaveRoom(call, r); });
  }

  grpc::ServerUnaryReactor* InviteToRoom(grpc::CallbackServerContext* context,
      const v1::InviteToRoomRequest* request, v1::InviteToRoomResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/InviteToRoom", request, response,
        [this](const CallContext& call, const v1::InviteToRoomRequest& r) { return owner_->InviteToRoom(call, r); });
  }

  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* context,
      const v1::ListMembersRequest* request, v1::ListMembersResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/ListMembers", request, response,
        [this](const CallContext& call, const v1::ListMembersRequest& r) { return owner_->ListMembers(call, r); });
  }

  grpc::ServerUnaryReactor* CheckMembership(grpc::CallbackServerContext* context,
      const v1::CheckMembershipRequest* request, v1::CheckMembershipResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.RoomService/CheckMembership", request, response,
        [this](const CallContext& call, const v1::CheckMembershipRequest& r) { return owner_->CheckMembership(call, r); });
  }

  grpc::ServerWriteReactor<v1::MembershipEvent>* WatchMembership(grpc::CallbackServerContext* context,
      const v1::WatchMembershipRequest* request) override {
    return detail::ServeStream<v1::MembershipEvent>(owner_->runtime(), context, "dchat.v1.RoomService/WatchMembership", request,
        [this](const v1::WatchMembershipRequest& r, std::shared_ptr<ServerStream<v1::MembershipEvent>> s) { owner_->WatchMembership(r, std::move(s)); });
  }

 private:
  RoomServiceBase* owner_;
};

RoomServiceBase::RoomServiceBase() : adapter_(std::make_unique<Adapter>(this)) {}
RoomServiceBase::~RoomServiceBase() = default;
grpc::Service* RoomServiceBase::grpc_service() { return adapter_.get(); }

Result<v1::Room> RoomServiceBase::CreateRoom(const CallContext&, const v1::CreateRoomRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/CreateRoom");
}

Result<v1::Room> RoomServiceBase::GetRoom(const CallContext&, const v1::GetRoomRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/GetRoom");
}

Result<v1::ListRoomsResponse> RoomServiceBase::ListRooms(const CallContext&, const v1::ListRoomsRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/ListRooms");
}

Result<v1::Room> RoomServiceBase::JoinRoom(const CallContext&, const v1::JoinRoomRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/JoinRoom");
}

Result<v1::LeaveRoomResponse> RoomServiceBase::LeaveRoom(const CallContext&, const v1::LeaveRoomRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/LeaveRoom");
}

Result<v1::InviteToRoomResponse> RoomServiceBase::InviteToRoom(const CallContext&, const v1::InviteToRoomRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/InviteToRoom");
}

Result<v1::ListMembersResponse> RoomServiceBase::ListMembers(const CallContext&, const v1::ListMembersRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/ListMembers");
}

Result<v1::CheckMembershipResponse> RoomServiceBase::CheckMembership(const CallContext&, const v1::CheckMembershipRequest&) {
  return detail::Unimplemented("dchat.v1.RoomService/CheckMembership");
}

void RoomServiceBase::WatchMembership(const v1::WatchMembershipRequest&, std::shared_ptr<ServerStream<v1::MembershipEvent>> stream) {
  stream->Finish(detail::Unimplemented("dchat.v1.RoomService/WatchMembership"));
}

class MessageServiceBase::Adapter : public v1::MessageService::CallbackService {
 public:
  explicit Adapter(MessageServiceBase* owner) : owner_(owner) {}

  grpc::ServerUnaryReactor* AppendMessage(grpc::CallbackServerContext* context,
      const v1::SendMessageRequest* request, v1::Message* response) override {
    return detail::ServeUnaryAsync(owner_->runtime(), context, "dchat.v1.MessageService/AppendMessage", request, response,
        [this](const CallContext& call, const v1::SendMessageRequest& r, UnaryReply<v1::Message> reply) {
          owner_->AppendMessageAsync(call, r, std::move(reply));
        });
  }

  grpc::ServerUnaryReactor* ListMessages(grpc::CallbackServerContext* context,
      const v1::ListMessagesRequest* request, v1::ListMessagesResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.MessageService/ListMessages", request, response,
        [this](const CallContext& call, const v1::ListMessagesRequest& r) { return owner_->ListMessages(call, r); });
  }

  grpc::ServerWriteReactor<v1::Message>* Subscribe(grpc::CallbackServerContext* context,
      const v1::SubscribeMessagesRequest* request) override {
    return detail::ServeStream<v1::Message>(owner_->runtime(), context, "dchat.v1.MessageService/Subscribe", request,
        [this](const v1::SubscribeMessagesRequest& r, std::shared_ptr<ServerStream<v1::Message>> s) { owner_->Subscribe(r, std::move(s)); });
  }

 private:
  MessageServiceBase* owner_;
};

MessageServiceBase::MessageServiceBase() : adapter_(std::make_unique<Adapter>(this)) {}
MessageServiceBase::~MessageServiceBase() = default;
grpc::Service* MessageServiceBase::grpc_service() { return adapter_.get(); }

Result<v1::Message> MessageServiceBase::AppendMessage(const CallContext&, const v1::SendMessageRequest&) {
  return detail::Unimplemented("dchat.v1.MessageService/AppendMessage");
}

void MessageServiceBase::AppendMessageAsync(const CallContext& call, const v1::SendMessageRequest& request,
                                            UnaryReply<v1::Message> reply) {
  runtime()->Submit([this, &call, &request, reply = std::move(reply)] { reply(AppendMessage(call, request)); });
}

Result<v1::ListMessagesResponse> MessageServiceBase::ListMessages(const CallContext&, const v1::ListMessagesRequest&) {
  return detail::Unimplemented("dchat.v1.MessageService/ListMessages");
}

void MessageServiceBase::Subscribe(const v1::SubscribeMessagesRequest&, std::shared_ptr<ServerStream<v1::Message>> stream) {
  stream->Finish(detail::Unimplemented("dchat.v1.MessageService/Subscribe"));
}

class PresenceServiceBase::Adapter : public v1::PresenceService::CallbackService {
 public:
  explicit Adapter(PresenceServiceBase* owner) : owner_(owner) {}

  grpc::ServerUnaryReactor* Heartbeat(grpc::CallbackServerContext* context,
      const v1::HeartbeatRequest* request, v1::Presence* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.PresenceService/Heartbeat", request, response,
        [this](const CallContext& call, const v1::HeartbeatRequest& r) { return owner_->Heartbeat(call, r); });
  }

  grpc::ServerUnaryReactor* SetTyping(grpc::CallbackServerContext* context,
      const v1::SetTypingRequest* request, v1::SetTypingResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.PresenceService/SetTyping", request, response,
        [this](const CallContext& call, const v1::SetTypingRequest& r) { return owner_->SetTyping(call, r); });
  }

  grpc::ServerUnaryReactor* GetPresence(grpc::CallbackServerContext* context,
      const v1::GetPresenceRequest* request, v1::GetPresenceResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.PresenceService/GetPresence", request, response,
        [this](const CallContext& call, const v1::GetPresenceRequest& r) { return owner_->GetPresence(call, r); });
  }

  grpc::ServerUnaryReactor* GetRoster(grpc::CallbackServerContext* context,
      const v1::GetRosterRequest* request, v1::GetRosterResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.PresenceService/GetRoster", request, response,
        [this](const CallContext& call, const v1::GetRosterRequest& r) { return owner_->GetRoster(call, r); });
  }

  grpc::ServerWriteReactor<v1::PresenceWatchEvent>* Watch(grpc::CallbackServerContext* context,
      const v1::WatchPresenceRequest* request) override {
    return detail::ServeStream<v1::PresenceWatchEvent>(owner_->runtime(), context, "dchat.v1.PresenceService/Watch", request,
        [this](const v1::WatchPresenceRequest& r, std::shared_ptr<ServerStream<v1::PresenceWatchEvent>> s) { owner_->Watch(r, std::move(s)); });
  }

 private:
  PresenceServiceBase* owner_;
};

PresenceServiceBase::PresenceServiceBase() : adapter_(std::make_unique<Adapter>(this)) {}
PresenceServiceBase::~PresenceServiceBase() = default;
grpc::Service* PresenceServiceBase::grpc_service() { return adapter_.get(); }

Result<v1::Presence> PresenceServiceBase::Heartbeat(const CallContext&, const v1::HeartbeatRequest&) {
  return detail::Unimplemented("dchat.v1.PresenceService/Heartbeat");
}

Result<v1::SetTypingResponse> PresenceServiceBase::SetTyping(const CallContext&, const v1::SetTypingRequest&) {
  return detail::Unimplemented("dchat.v1.PresenceService/SetTyping");
}

Result<v1::GetPresenceResponse> PresenceServiceBase::GetPresence(const CallContext&, const v1::GetPresenceRequest&) {
  return detail::Unimplemented("dchat.v1.PresenceService/GetPresence");
}

Result<v1::GetRosterResponse> PresenceServiceBase::GetRoster(const CallContext&, const v1::GetRosterRequest&) {
  return detail::Unimplemented("dchat.v1.PresenceService/GetRoster");
}

void PresenceServiceBase::Watch(const v1::WatchPresenceRequest&, std::shared_ptr<ServerStream<v1::PresenceWatchEvent>> stream) {
  stream->Finish(detail::Unimplemented("dchat.v1.PresenceService/Watch"));
}

class GatewayServiceBase::Adapter : public v1::GatewayService::CallbackService {
 public:
  explicit Adapter(GatewayServiceBase* owner) : owner_(owner) {}

  grpc::ServerUnaryReactor* Register(grpc::CallbackServerContext* context,
      const v1::RegisterRequest* request, v1::User* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/Register", request, response,
        [this](const CallContext& call, const v1::RegisterRequest& r) { return owner_->Register(call, r); });
  }

  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
      const v1::LoginRequest* request, v1::LoginResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/Login", request, response,
        [this](const CallContext& call, const v1::LoginRequest& r) { return owner_->Login(call, r); });
  }

  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
      const v1::LogoutRequest* request, v1::LogoutResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/Logout", request, response,
        [this](const CallContext& call, const v1::LogoutRequest& r) { return owner_->Logout(call, r); });
  }

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
      const v1::WhoAmIRequest* request, v1::User* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/WhoAmI", request, response,
        [this](const CallContext& call, const v1::WhoAmIRequest& r) { return owner_->WhoAmI(call, r); });
  }

  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* context,
      const v1::GetUserRequest* request, v1::User* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/GetUser", request, response,
        [this](const CallContext& call, const v1::GetUserRequest& r) { return owner_->GetUser(call, r); });
  }

  grpc::ServerUnaryReactor* CreateRoom(grpc::CallbackServerContext* context,
      const v1::CreateRoomRequest* request, v1::Room* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/CreateRoom", request, response,
        [this](const CallContext& call, const v1::CreateRoomRequest& r) { return owner_->CreateRoom(call, r); });
  }

  grpc::ServerUnaryReactor* GetRoom(grpc::CallbackServerContext* context,
      const v1::GetRoomRequest* request, v1::Room* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/GetRoom", request, response,
        [this](const CallContext& call, const v1::GetRoomRequest& r) { return owner_->GetRoom(call, r); });
  }

  grpc::ServerUnaryReactor* ListRooms(grpc::CallbackServerContext* context,
      const v1::ListRoomsRequest* request, v1::ListRoomsResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/ListRooms", request, response,
        [this](const CallContext& call, const v1::ListRoomsRequest& r) { return owner_->ListRooms(call, r); });
  }

  grpc::ServerUnaryReactor* JoinRoom(grpc::CallbackServerContext* context,
      const v1::JoinRoomRequest* request, v1::Room* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/JoinRoom", request, response,
        [this](const CallContext& call, const v1::JoinRoomRequest& r) { return owner_->JoinRoom(call, r); });
  }

  grpc::ServerUnaryReactor* LeaveRoom(grpc::CallbackServerContext* context,
      const v1::LeaveRoomRequest* request, v1::LeaveRoomResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/LeaveRoom", request, response,
        [this](const CallContext& call, const v1::LeaveRoomRequest& r) { return owner_->LeaveRoom(call, r); });
  }

  grpc::ServerUnaryReactor* InviteToRoom(grpc::CallbackServerContext* context,
      const v1::InviteToRoomRequest* request, v1::InviteToRoomResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/InviteToRoom", request, response,
        [this](const CallContext& call, const v1::InviteToRoomRequest& r) { return owner_->InviteToRoom(call, r); });
  }

  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* context,
      const v1::ListMembersRequest* request, v1::ListMembersResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/ListMembers", request, response,
        [this](const CallContext& call, const v1::ListMembersRequest& r) { return owner_->ListMembers(call, r); });
  }

  grpc::ServerUnaryReactor* SendMessage(grpc::CallbackServerContext* context,
      const v1::SendMessageRequest* request, v1::Message* response) override {
    return detail::ServeUnaryAsync(owner_->runtime(), context, "dchat.v1.GatewayService/SendMessage", request, response,
        [this](const CallContext& call, const v1::SendMessageRequest& r, UnaryReply<v1::Message> reply) {
          owner_->SendMessageAsync(call, r, std::move(reply));
        });
  }

  grpc::ServerUnaryReactor* ListMessages(grpc::CallbackServerContext* context,
      const v1::ListMessagesRequest* request, v1::ListMessagesResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/ListMessages", request, response,
        [this](const CallContext& call, const v1::ListMessagesRequest& r) { return owner_->ListMessages(call, r); });
  }

  grpc::ServerUnaryReactor* SetPresence(grpc::CallbackServerContext* context,
      const v1::SetPresenceRequest* request, v1::Presence* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/SetPresence", request, response,
        [this](const CallContext& call, const v1::SetPresenceRequest& r) { return owner_->SetPresence(call, r); });
  }

  grpc::ServerUnaryReactor* SetTyping(grpc::CallbackServerContext* context,
      const v1::SetTypingRequest* request, v1::SetTypingResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/SetTyping", request, response,
        [this](const CallContext& call, const v1::SetTypingRequest& r) { return owner_->SetTyping(call, r); });
  }

  grpc::ServerUnaryReactor* GetPresence(grpc::CallbackServerContext* context,
      const v1::GetPresenceRequest* request, v1::GetPresenceResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/GetPresence", request, response,
        [this](const CallContext& call, const v1::GetPresenceRequest& r) { return owner_->GetPresence(call, r); });
  }

  grpc::ServerUnaryReactor* GetRoster(grpc::CallbackServerContext* context,
      const v1::GetRosterRequest* request, v1::GetRosterResponse* response) override {
    return detail::ServeUnary(owner_->runtime(), context, "dchat.v1.GatewayService/GetRoster", request, response,
        [this](const CallContext& call, const v1::GetRosterRequest& r) { return owner_->GetRoster(call, r); });
  }

  grpc::ServerWriteReactor<v1::Event>* Subscribe(grpc::CallbackServerContext* context,
      const v1::SubscribeRequest* request) override {
    return detail::ServeStream<v1::Event>(owner_->runtime(), context, "dchat.v1.GatewayService/Subscribe", request,
        [this](const v1::SubscribeRequest& r, std::shared_ptr<ServerStream<v1::Event>> s) { owner_->Subscribe(r, std::move(s)); });
  }

 private:
  GatewayServiceBase* owner_;
};

GatewayServiceBase::GatewayServiceBase() : adapter_(std::make_unique<Adapter>(this)) {}
GatewayServiceBase::~GatewayServiceBase() = default;
grpc::Service* GatewayServiceBase::grpc_service() { return adapter_.get(); }

Result<v1::User> GatewayServiceBase::Register(const CallContext&, const v1::RegisterRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/Register");
}

Result<v1::LoginResponse> GatewayServiceBase::Login(const CallContext&, const v1::LoginRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/Login");
}

Result<v1::LogoutResponse> GatewayServiceBase::Logout(const CallContext&, const v1::LogoutRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/Logout");
}

Result<v1::User> GatewayServiceBase::WhoAmI(const CallContext&, const v1::WhoAmIRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/WhoAmI");
}

Result<v1::User> GatewayServiceBase::GetUser(const CallContext&, const v1::GetUserRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/GetUser");
}

Result<v1::Room> GatewayServiceBase::CreateRoom(const CallContext&, const v1::CreateRoomRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/CreateRoom");
}

Result<v1::Room> GatewayServiceBase::GetRoom(const CallContext&, const v1::GetRoomRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/GetRoom");
}

Result<v1::ListRoomsResponse> GatewayServiceBase::ListRooms(const CallContext&, const v1::ListRoomsRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/ListRooms");
}

Result<v1::Room> GatewayServiceBase::JoinRoom(const CallContext&, const v1::JoinRoomRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/JoinRoom");
}

Result<v1::LeaveRoomResponse> GatewayServiceBase::LeaveRoom(const CallContext&, const v1::LeaveRoomRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/LeaveRoom");
}

Result<v1::InviteToRoomResponse> GatewayServiceBase::InviteToRoom(const CallContext&, const v1::InviteToRoomRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/InviteToRoom");
}

Result<v1::ListMembersResponse> GatewayServiceBase::ListMembers(const CallContext&, const v1::ListMembersRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/ListMembers");
}

Result<v1::Message> GatewayServiceBase::SendMessage(const CallContext&, const v1::SendMessageRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/SendMessage");
}

void GatewayServiceBase::SendMessageAsync(const CallContext& call, const v1::SendMessageRequest& request,
                                          UnaryReply<v1::Message> reply) {
  runtime()->Submit([this, &call, &request, reply = std::move(reply)] { reply(SendMessage(call, request)); });
}

Result<v1::ListMessagesResponse> GatewayServiceBase::ListMessages(const CallContext&, const v1::ListMessagesRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/ListMessages");
}

Result<v1::Presence> GatewayServiceBase::SetPresence(const CallContext&, const v1::SetPresenceRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/SetPresence");
}

Result<v1::SetTypingResponse> GatewayServiceBase::SetTyping(const CallContext&, const v1::SetTypingRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/SetTyping");
}

Result<v1::GetPresenceResponse> GatewayServiceBase::GetPresence(const CallContext&, const v1::GetPresenceRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/GetPresence");
}

Result<v1::GetRosterResponse> GatewayServiceBase::GetRoster(const CallContext&, const v1::GetRosterRequest&) {
  return detail::Unimplemented("dchat.v1.GatewayService/GetRoster");
}

void GatewayServiceBase::Subscribe(const v1::SubscribeRequest&, std::shared_ptr<ServerStream<v1::Event>> stream) {
  stream->Finish(detail::Unimplemented("dchat.v1.GatewayService/Subscribe"));
}

}  // namespace dchat
