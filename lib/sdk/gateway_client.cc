#include "dchat/gateway_client.h"

#include "dchat/detail/unary_call.h"

namespace dchat {

using detail::Idempotency;
using Async = dchat::v1::GatewayService::StubInterface::async_interface;

GatewayClient::GatewayClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : stub_(dchat::v1::GatewayService::NewStub(std::move(channel))), options_(std::move(options)) {}

GatewayClient::GatewayClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

Result<v1::User> GatewayClient::Register(const v1::RegisterRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Register, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::User>> GatewayClient::RegisterAsync(const v1::RegisterRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Register, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void GatewayClient::RegisterAsync(const v1::RegisterRequest& request, std::function<void(Result<v1::User>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Register, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::LoginResponse> GatewayClient::Login(const v1::LoginRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Login, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::LoginResponse>> GatewayClient::LoginAsync(const v1::LoginRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Login, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::LoginAsync(const v1::LoginRequest& request, std::function<void(Result<v1::LoginResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Login, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::LogoutResponse> GatewayClient::Logout(const v1::LogoutRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Logout, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::LogoutResponse>> GatewayClient::LogoutAsync(const v1::LogoutRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Logout, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::LogoutAsync(const v1::LogoutRequest& request, std::function<void(Result<v1::LogoutResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Logout, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::User> GatewayClient::WhoAmI(const v1::WhoAmIRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::WhoAmI, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::User>> GatewayClient::WhoAmIAsync(const v1::WhoAmIRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::WhoAmI, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::WhoAmIAsync(const v1::WhoAmIRequest& request, std::function<void(Result<v1::User>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::WhoAmI, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::User> GatewayClient::GetUser(const v1::GetUserRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetUser, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::User>> GatewayClient::GetUserAsync(const v1::GetUserRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetUser, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::GetUserAsync(const v1::GetUserRequest& request, std::function<void(Result<v1::User>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetUser, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::Room> GatewayClient::CreateRoom(const v1::CreateRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::CreateRoom, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::Room>> GatewayClient::CreateRoomAsync(const v1::CreateRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::CreateRoom, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void GatewayClient::CreateRoomAsync(const v1::CreateRoomRequest& request, std::function<void(Result<v1::Room>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::CreateRoom, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::Room> GatewayClient::GetRoom(const v1::GetRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetRoom, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Room>> GatewayClient::GetRoomAsync(const v1::GetRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetRoom, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::GetRoomAsync(const v1::GetRoomRequest& request, std::function<void(Result<v1::Room>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetRoom, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::ListRoomsResponse> GatewayClient::ListRooms(const v1::ListRoomsRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::ListRooms, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::ListRoomsResponse>> GatewayClient::ListRoomsAsync(const v1::ListRoomsRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::ListRooms, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::ListRoomsAsync(const v1::ListRoomsRequest& request, std::function<void(Result<v1::ListRoomsResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::ListRooms, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::Room> GatewayClient::JoinRoom(const v1::JoinRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::JoinRoom, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Room>> GatewayClient::JoinRoomAsync(const v1::JoinRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::JoinRoom, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::JoinRoomAsync(const v1::JoinRoomRequest& request, std::function<void(Result<v1::Room>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::JoinRoom, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::LeaveRoomResponse> GatewayClient::LeaveRoom(const v1::LeaveRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::LeaveRoom, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::LeaveRoomResponse>> GatewayClient::LeaveRoomAsync(const v1::LeaveRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::LeaveRoom, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void GatewayClient::LeaveRoomAsync(const v1::LeaveRoomRequest& request, std::function<void(Result<v1::LeaveRoomResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::LeaveRoom, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::InviteToRoomResponse> GatewayClient::InviteToRoom(const v1::InviteToRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::InviteToRoom, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::InviteToRoomResponse>> GatewayClient::InviteToRoomAsync(const v1::InviteToRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::InviteToRoom, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void GatewayClient::InviteToRoomAsync(const v1::InviteToRoomRequest& request, std::function<void(Result<v1::InviteToRoomResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::InviteToRoom, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::ListMembersResponse> GatewayClient::ListMembers(const v1::ListMembersRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::ListMembers, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::ListMembersResponse>> GatewayClient::ListMembersAsync(const v1::ListMembersRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::ListMembers, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::ListMembersAsync(const v1::ListMembersRequest& request, std::function<void(Result<v1::ListMembersResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::ListMembers, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::Message> GatewayClient::SendMessage(const v1::SendMessageRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::SendMessage, request,
                          request.idempotency_key().empty() ? Idempotency::kNotIdempotent : Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Message>> GatewayClient::SendMessageAsync(const v1::SendMessageRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::SendMessage, request,
                            request.idempotency_key().empty() ? Idempotency::kNotIdempotent : Idempotency::kIdempotent, options_, call);
}

void GatewayClient::SendMessageAsync(const v1::SendMessageRequest& request, std::function<void(Result<v1::Message>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::SendMessage, request,
                    request.idempotency_key().empty() ? Idempotency::kNotIdempotent : Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::ListMessagesResponse> GatewayClient::ListMessages(const v1::ListMessagesRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::ListMessages, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::ListMessagesResponse>> GatewayClient::ListMessagesAsync(const v1::ListMessagesRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::ListMessages, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::ListMessagesAsync(const v1::ListMessagesRequest& request, std::function<void(Result<v1::ListMessagesResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::ListMessages, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::Presence> GatewayClient::SetPresence(const v1::SetPresenceRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::SetPresence, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Presence>> GatewayClient::SetPresenceAsync(const v1::SetPresenceRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::SetPresence, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::SetPresenceAsync(const v1::SetPresenceRequest& request, std::function<void(Result<v1::Presence>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::SetPresence, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::SetTypingResponse> GatewayClient::SetTyping(const v1::SetTypingRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::SetTyping, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::SetTypingResponse>> GatewayClient::SetTypingAsync(const v1::SetTypingRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::SetTyping, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::SetTypingAsync(const v1::SetTypingRequest& request, std::function<void(Result<v1::SetTypingResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::SetTyping, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::GetPresenceResponse> GatewayClient::GetPresence(const v1::GetPresenceRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetPresence, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::GetPresenceResponse>> GatewayClient::GetPresenceAsync(const v1::GetPresenceRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetPresence, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::GetPresenceAsync(const v1::GetPresenceRequest& request, std::function<void(Result<v1::GetPresenceResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetPresence, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::GetRosterResponse> GatewayClient::GetRoster(const v1::GetRosterRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetRoster, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::GetRosterResponse>> GatewayClient::GetRosterAsync(const v1::GetRosterRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetRoster, request,
                            Idempotency::kIdempotent, options_, call);
}

void GatewayClient::GetRosterAsync(const v1::GetRosterRequest& request, std::function<void(Result<v1::GetRosterResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetRoster, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

std::unique_ptr<StreamReader<v1::Event>> GatewayClient::Subscribe(const v1::SubscribeRequest& request, const CallOptions& call) const {
  return StreamReader<v1::Event>::Open(stub_->async(), &Async::Subscribe, request, options_, call);
}

std::unique_ptr<StreamReader<v1::Event>> GatewayClient::Subscribe(const v1::SubscribeRequest& request,
    StreamReader<v1::Event>::MessageCallback on_message,
    StreamReader<v1::Event>::DoneCallback on_done, const CallOptions& call) const {
  return StreamReader<v1::Event>::Open(stub_->async(), &Async::Subscribe, request, options_, call,
                                 std::move(on_message), std::move(on_done));
}

}  // namespace dchat
