// GatewayClient: typed client of the public gateway (dchat.v1.GatewayService), the entry point for applications.
//
// Each unary call has a synchronous form, which blocks until the reply, and
// two Async forms that do not block: one returns a std::future, the other
// calls `done` once, on a gRPC thread, with the result (`done` must not
// block). All apply the ClientOptions deadline (or the CallOptions one),
// attach the session token and metadata, and retry calls that are safe to
// repeat when they fail with UNAVAILABLE.
// Failures come back as a Result holding the gRPC status code and message;
// the codes each call can return are listed beside it and in the .proto.
//
// Thread safety: a client is safe to use from many threads at once. It
// shares the channel it was given; the channel, or the stub, must outlive
// every call and stream the client started.
#ifndef DCHAT_GATEWAY_CLIENT_H_
#define DCHAT_GATEWAY_CLIENT_H_

#include <functional>
#include <future>
#include <memory>

#include <grpcpp/channel.h>

#include "dchat/v1/gateway.grpc.pb.h"
#include "dchat/options.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat {

class GatewayClient {
 public:
  using Stub = dchat::v1::GatewayService::StubInterface;

  explicit GatewayClient(std::shared_ptr<grpc::Channel> channel,
                        ClientOptions options = {});
  // Uses `stub`, for example a mock in tests.
  explicit GatewayClient(std::shared_ptr<Stub> stub, ClientOptions options = {});

  const ClientOptions& options() const { return options_; }

  // Creates an account. INVALID_ARGUMENT, ALREADY_EXISTS.
  Result<v1::User> Register(const v1::RegisterRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::User>> RegisterAsync(const v1::RegisterRequest& request,
      const CallOptions& call = {}) const;
  void RegisterAsync(const v1::RegisterRequest& request, std::function<void(Result<v1::User>)> done,
      const CallOptions& call = {}) const;

  // Issues a session token. UNAUTHENTICATED for a wrong username or password.
  Result<v1::LoginResponse> Login(const v1::LoginRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::LoginResponse>> LoginAsync(const v1::LoginRequest& request,
      const CallOptions& call = {}) const;
  void LoginAsync(const v1::LoginRequest& request, std::function<void(Result<v1::LoginResponse>)> done,
      const CallOptions& call = {}) const;

  // Revokes the token the call carries.
  Result<v1::LogoutResponse> Logout(const v1::LogoutRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::LogoutResponse>> LogoutAsync(const v1::LogoutRequest& request,
      const CallOptions& call = {}) const;
  void LogoutAsync(const v1::LogoutRequest& request, std::function<void(Result<v1::LogoutResponse>)> done,
      const CallOptions& call = {}) const;

  // Returns the caller's account.
  Result<v1::User> WhoAmI(const v1::WhoAmIRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::User>> WhoAmIAsync(const v1::WhoAmIRequest& request,
      const CallOptions& call = {}) const;
  void WhoAmIAsync(const v1::WhoAmIRequest& request, std::function<void(Result<v1::User>)> done,
      const CallOptions& call = {}) const;

  // NOT_FOUND for an unknown user.
  Result<v1::User> GetUser(const v1::GetUserRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::User>> GetUserAsync(const v1::GetUserRequest& request,
      const CallOptions& call = {}) const;
  void GetUserAsync(const v1::GetUserRequest& request, std::function<void(Result<v1::User>)> done,
      const CallOptions& call = {}) const;

  // Creates a room with the caller as its first member. INVALID_ARGUMENT,
  // ALREADY_EXISTS.
  Result<v1::Room> CreateRoom(const v1::CreateRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Room>> CreateRoomAsync(const v1::CreateRoomRequest& request,
      const CallOptions& call = {}) const;
  void CreateRoomAsync(const v1::CreateRoomRequest& request, std::function<void(Result<v1::Room>)> done,
      const CallOptions& call = {}) const;

  // NOT_FOUND for an unknown room or a private room of others.
  Result<v1::Room> GetRoom(const v1::GetRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Room>> GetRoomAsync(const v1::GetRoomRequest& request,
      const CallOptions& call = {}) const;
  void GetRoomAsync(const v1::GetRoomRequest& request, std::function<void(Result<v1::Room>)> done,
      const CallOptions& call = {}) const;

  // Returns one page of rooms.
  Result<v1::ListRoomsResponse> ListRooms(const v1::ListRoomsRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::ListRoomsResponse>> ListRoomsAsync(const v1::ListRoomsRequest& request,
      const CallOptions& call = {}) const;
  void ListRoomsAsync(const v1::ListRoomsRequest& request, std::function<void(Result<v1::ListRoomsResponse>)> done,
      const CallOptions& call = {}) const;

  // Joins a room. NOT_FOUND, PERMISSION_DENIED for a private room without an
  // invitation.
  Result<v1::Room> JoinRoom(const v1::JoinRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Room>> JoinRoomAsync(const v1::JoinRoomRequest& request,
      const CallOptions& call = {}) const;
  void JoinRoomAsync(const v1::JoinRoomRequest& request, std::function<void(Result<v1::Room>)> done,
      const CallOptions& call = {}) const;

  // Leaves a room. NOT_FOUND when the caller is not a member.
  Result<v1::LeaveRoomResponse> LeaveRoom(const v1::LeaveRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::LeaveRoomResponse>> LeaveRoomAsync(const v1::LeaveRoomRequest& request,
      const CallOptions& call = {}) const;
  void LeaveRoomAsync(const v1::LeaveRoomRequest& request, std::function<void(Result<v1::LeaveRoomResponse>)> done,
      const CallOptions& call = {}) const;

  // Invites a user by username. NOT_FOUND, PERMISSION_DENIED.
  Result<v1::InviteToRoomResponse> InviteToRoom(const v1::InviteToRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::InviteToRoomResponse>> InviteToRoomAsync(const v1::InviteToRoomRequest& request,
      const CallOptions& call = {}) const;
  void InviteToRoomAsync(const v1::InviteToRoomRequest& request, std::function<void(Result<v1::InviteToRoomResponse>)> done,
      const CallOptions& call = {}) const;

  // Returns one page of members. PERMISSION_DENIED unless the caller is a
  // member.
  Result<v1::ListMembersResponse> ListMembers(const v1::ListMembersRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::ListMembersResponse>> ListMembersAsync(const v1::ListMembersRequest& request,
      const CallOptions& call = {}) const;
  void ListMembersAsync(const v1::ListMembersRequest& request, std::function<void(Result<v1::ListMembersResponse>)> done,
      const CallOptions& call = {}) const;

  // Sends a message as the caller. Retried on UNAVAILABLE only when it carries
  // an idempotency key. PERMISSION_DENIED, NOT_FOUND, INVALID_ARGUMENT.
  Result<v1::Message> SendMessage(const v1::SendMessageRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Message>> SendMessageAsync(const v1::SendMessageRequest& request,
      const CallOptions& call = {}) const;
  void SendMessageAsync(const v1::SendMessageRequest& request, std::function<void(Result<v1::Message>)> done,
      const CallOptions& call = {}) const;

  // Reads one page of history. PERMISSION_DENIED unless the caller is a
  // member.
  Result<v1::ListMessagesResponse> ListMessages(const v1::ListMessagesRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::ListMessagesResponse>> ListMessagesAsync(const v1::ListMessagesRequest& request,
      const CallOptions& call = {}) const;
  void ListMessagesAsync(const v1::ListMessagesRequest& request, std::function<void(Result<v1::ListMessagesResponse>)> done,
      const CallOptions& call = {}) const;

  // Sets the caller's status.
  Result<v1::Presence> SetPresence(const v1::SetPresenceRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Presence>> SetPresenceAsync(const v1::SetPresenceRequest& request,
      const CallOptions& call = {}) const;
  void SetPresenceAsync(const v1::SetPresenceRequest& request, std::function<void(Result<v1::Presence>)> done,
      const CallOptions& call = {}) const;

  // Tells the room that the caller is typing.
  Result<v1::SetTypingResponse> SetTyping(const v1::SetTypingRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::SetTypingResponse>> SetTypingAsync(const v1::SetTypingRequest& request,
      const CallOptions& call = {}) const;
  void SetTypingAsync(const v1::SetTypingRequest& request, std::function<void(Result<v1::SetTypingResponse>)> done,
      const CallOptions& call = {}) const;

  // Returns the presence of the given users.
  Result<v1::GetPresenceResponse> GetPresence(const v1::GetPresenceRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::GetPresenceResponse>> GetPresenceAsync(const v1::GetPresenceRequest& request,
      const CallOptions& call = {}) const;
  void GetPresenceAsync(const v1::GetPresenceRequest& request, std::function<void(Result<v1::GetPresenceResponse>)> done,
      const CallOptions& call = {}) const;

  // Returns who is online in a room. PERMISSION_DENIED unless the caller is a
  // member.
  Result<v1::GetRosterResponse> GetRoster(const v1::GetRosterRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::GetRosterResponse>> GetRosterAsync(const v1::GetRosterRequest& request,
      const CallOptions& call = {}) const;
  void GetRosterAsync(const v1::GetRosterRequest& request, std::function<void(Result<v1::GetRosterResponse>)> done,
      const CallOptions& call = {}) const;

  // Streams the caller's events; see SubscribeRequest for resuming. Pull form:
  // call Read() on the result.
  std::unique_ptr<StreamReader<v1::Event>> Subscribe(const v1::SubscribeRequest& request,
      const CallOptions& call = {}) const;
  // Push form: `on_message` runs for each message and `on_done` once at
  // the end, both on a gRPC thread.
  std::unique_ptr<StreamReader<v1::Event>> Subscribe(const v1::SubscribeRequest& request,
      StreamReader<v1::Event>::MessageCallback on_message,
      StreamReader<v1::Event>::DoneCallback on_done, const CallOptions& call = {}) const;

 private:
  std::shared_ptr<Stub> stub_;
  ClientOptions options_;
};

}  // namespace dchat

#endif  // DCHAT_GATEWAY_CLIENT_H_
