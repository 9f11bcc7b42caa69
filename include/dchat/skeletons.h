// Server skeletons: one base class per dchat contract, with a typed
// handler per RPC.
//
// Derive from a skeleton, override the handlers you implement, and pass an
// instance to Server::Start. A handler that is not overridden fails with
// UNIMPLEMENTED. The RPCs' meaning, limits and error codes are documented
// in the .proto files under proto/dchat/v1.
//
//   class MyRooms : public dchat::RoomServiceBase {
//    public:
//     dchat::Result<dchat::v1::Room> GetRoom(
//         const dchat::CallContext& call,
//         const dchat::v1::GetRoomRequest& request) override { ... }
//   };
//
// Unary handlers return the reply or an error Status, which the client
// receives with the same code and message. They run on the server's worker
// pool and may block. Streaming handlers receive the call's ServerStream,
// may keep it, and should return promptly; see server_stream.h.
//
// The two calls on every message's path, MessageService.AppendMessage and
// GatewayService.SendMessage, also have an asynchronous form (the *Async
// handlers) that answers through a UnaryReply instead of holding a worker
// thread while it waits, for example, for a commit or another service.
//
// Thread safety: handlers are called concurrently from several threads.
// The request reference is valid only during the handler call.
#ifndef DCHAT_SKELETONS_H_
#define DCHAT_SKELETONS_H_

#include <functional>
#include <memory>
#include <string_view>

#include "dchat/call_context.h"
#include "dchat/server_stream.h"
#include "dchat/service.h"
#include "dchat/status.h"
#include "dchat/v1/gateway.grpc.pb.h"
#include "dchat/v1/message.grpc.pb.h"
#include "dchat/v1/presence.grpc.pb.h"
#include "dchat/v1/room.grpc.pb.h"
#include "dchat/v1/user.grpc.pb.h"

namespace dchat {

// The callback that completes one unary call: call it exactly once, from
// any thread, with the reply or an error.
template <class Response>
using UnaryReply = std::function<void(Result<Response>)>;

// Skeleton of the internal account service (dchat.v1.UserService).
class UserServiceBase : public Service {
 public:
  UserServiceBase();
  ~UserServiceBase() override;

  std::string_view service_name() const override { return "dchat.v1.UserService"; }

  virtual Result<v1::User> Register(const CallContext& call,
      const v1::RegisterRequest& request);
  virtual Result<v1::LoginResponse> Login(const CallContext& call,
      const v1::LoginRequest& request);
  virtual Result<v1::RevokeTokenResponse> RevokeToken(const CallContext& call,
      const v1::RevokeTokenRequest& request);
  virtual Result<v1::VerifyTokenResponse> VerifyToken(const CallContext& call,
      const v1::VerifyTokenRequest& request);
  virtual Result<v1::User> GetUser(const CallContext& call,
      const v1::GetUserRequest& request);
 private:
  class Adapter;
  grpc::Service* grpc_service() override;
  std::unique_ptr<Adapter> adapter_;
};

// Skeleton of the internal room service (dchat.v1.RoomService).
class RoomServiceBase : public Service {
 public:
  RoomServiceBase();
  ~RoomServiceBase() override;

  std::string_view service_name() const override { return "dchat.v1.RoomService"; }

  virtual Result<v1::Room> CreateRoom(const CallContext& call,
      const v1::CreateRoomRequest& request);
  virtual Result<v1::Room> GetRoom(const CallContext& call,
      const v1::GetRoomRequest& request);
  virtual Result<v1::ListRoomsResponse> ListRooms(const CallContext& call,
      const v1::ListRoomsRequest& request);
  virtual Result<v1::Room> JoinRoom(const CallContext& call,
      const v1::JoinRoomRequest& request);
  virtual Result<v1::LeaveRoomResponse> LeaveRoom(const CallContext& call,
      const v1::LeaveRoomRequest& request);
  virtual Result<v1::InviteToRoomResponse> InviteToRoom(const CallContext& call,
      const v1::InviteToRoomRequest& request);
  virtual Result<v1::ListMembersResponse> ListMembers(const CallContext& call,
      const v1::ListMembersRequest& request);
  virtual Result<v1::CheckMembershipResponse> CheckMembership(const CallContext& call,
      const v1::CheckMembershipRequest& request);
  virtual void WatchMembership(const v1::WatchMembershipRequest& request,
      std::shared_ptr<ServerStream<v1::MembershipEvent>> stream);
 private:
  class Adapter;
  grpc::Service* grpc_service() override;
  std::unique_ptr<Adapter> adapter_;
};

// Skeleton of the internal message service (dchat.v1.MessageService).
class MessageServiceBase : public Service {
 public:
  MessageServiceBase();
  ~MessageServiceBase() override;

  std::string_view service_name() const override { return "dchat.v1.MessageService"; }

  virtual Result<v1::Message> AppendMessage(const CallContext& call,
      const v1::SendMessageRequest& request);
  // Serves AppendMessage. It runs on a gRPC thread, so it must not block;
  // `call` and `request` stay valid until `reply` runs. This default runs
  // AppendMessage on the worker pool and replies with its result.
  virtual void AppendMessageAsync(const CallContext& call,
      const v1::SendMessageRequest& request, UnaryReply<v1::Message> reply);
  virtual Result<v1::ListMessagesResponse> ListMessages(const CallContext& call,
      const v1::ListMessagesRequest& request);
  virtual void Subscribe(const v1::SubscribeMessagesRequest& request,
      std::shared_ptr<ServerStream<v1::Message>> stream);
 private:
  class Adapter;
  grpc::Service* grpc_service() override;
  std::unique_ptr<Adapter> adapter_;
};

// Skeleton of the internal presence service (dchat.v1.PresenceService).
class PresenceServiceBase : public Service {
 public:
  PresenceServiceBase();
  ~PresenceServiceBase() override;

  std::string_view service_name() const override { return "dchat.v1.PresenceService"; }

  virtual Result<v1::Presence> Heartbeat(const CallContext& call,
      const v1::HeartbeatRequest& request);
  virtual Result<v1::SetTypingResponse> SetTyping(const CallContext& call,
      const v1::SetTypingRequest& request);
  virtual Result<v1::GetPresenceResponse> GetPresence(const CallContext& call,
      const v1::GetPresenceRequest& request);
  virtual Result<v1::GetRosterResponse> GetRoster(const CallContext& call,
      const v1::GetRosterRequest& request);
  virtual void Watch(const v1::WatchPresenceRequest& request,
      std::shared_ptr<ServerStream<v1::PresenceWatchEvent>> stream);
 private:
  class Adapter;
  grpc::Service* grpc_service() override;
  std::unique_ptr<Adapter> adapter_;
};

// Skeleton of the public gateway (dchat.v1.GatewayService).
class GatewayServiceBase : public Service {
 public:
  GatewayServiceBase();
  ~GatewayServiceBase() override;

  std::string_view service_name() const override { return "dchat.v1.GatewayService"; }

  virtual Result<v1::User> Register(const CallContext& call,
      const v1::RegisterRequest& request);
  virtual Result<v1::LoginResponse> Login(const CallContext& call,
      const v1::LoginRequest& request);
  virtual Result<v1::LogoutResponse> Logout(const CallContext& call,
      const v1::LogoutRequest& request);
  virtual Result<v1::User> WhoAmI(const CallContext& call,
      const v1::WhoAmIRequest& request);
  virtual Result<v1::User> GetUser(const CallContext& call,
      const v1::GetUserRequest& request);
  virtual Result<v1::Room> CreateRoom(const CallContext& call,
      const v1::CreateRoomRequest& request);
  virtual Result<v1::Room> GetRoom(const CallContext& call,
      const v1::GetRoomRequest& request);
  virtual Result<v1::ListRoomsResponse> ListRooms(const CallContext& call,
      const v1::ListRoomsRequest& request);
  virtual Result<v1::Room> JoinRoom(const CallContext& call,
      const v1::JoinRoomRequest& request);
  virtual Result<v1::LeaveRoomResponse> LeaveRoom(const CallContext& call,
      const v1::LeaveRoomRequest& request);
  virtual Result<v1::InviteToRoomResponse> InviteToRoom(const CallContext& call,
      const v1::InviteToRoomRequest& request);
  virtual Result<v1::ListMembersResponse> ListMembers(const CallContext& call,
      const v1::ListMembersRequest& request);
  virtual Result<v1::Message> SendMessage(const CallContext& call,
      const v1::SendMessageRequest& request);
  // Serves SendMessage. It runs on a gRPC thread, so it must not block;
  // `call` and `request` stay valid until `reply` runs. This default runs
  // SendMessage on the worker pool and replies with its result.
  virtual void SendMessageAsync(const CallContext& call,
      const v1::SendMessageRequest& request, UnaryReply<v1::Message> reply);
  virtual Result<v1::ListMessagesResponse> ListMessages(const CallContext& call,
      const v1::ListMessagesRequest& request);
  virtual Result<v1::Presence> SetPresence(const CallContext& call,
      const v1::SetPresenceRequest& request);
  virtual Result<v1::SetTypingResponse> SetTyping(const CallContext& call,
      const v1::SetTypingRequest& request);
  virtual Result<v1::GetPresenceResponse> GetPresence(const CallContext& call,
      const v1::GetPresenceRequest& request);
  virtual Result<v1::GetRosterResponse> GetRoster(const CallContext& call,
      const v1::GetRosterRequest& request);
  virtual void Subscribe(const v1::SubscribeRequest& request,
      std::shared_ptr<ServerStream<v1::Event>> stream);
 private:
  class Adapter;
  grpc::Service* grpc_service() override;
  std::unique_ptr<Adapter> adapter_;
};

}  // namespace dchat

#endif  // DCHAT_SKELETONS_H_
