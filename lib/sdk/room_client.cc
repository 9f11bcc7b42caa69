#include "dchat/room_client.h"

#include "dchat/detail/unary_call.h"

namespace dchat {

using detail::Idempotency;
using Async = dchat::v1::RoomService::StubInterface::async_interface;

RoomClient::RoomClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : stub_(dchat::v1::RoomService::NewStub(std::move(channel))), options_(std::move(options)) {}

RoomClient::RoomClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

Result<v1::Room> RoomClient::CreateRoom(const v1::CreateRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::CreateRoom, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::Room>> RoomClient::CreateRoomAsync(const v1::CreateRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::CreateRoom, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void RoomClient::CreateRoomAsync(const v1::CreateRoomRequest& request, std::function<void(Result<v1::Room>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::CreateRoom, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::Room> RoomClient::GetRoom(const v1::GetRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetRoom, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Room>> RoomClient::GetRoomAsync(const v1::GetRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetRoom, request,
                            Idempotency::kIdempotent, options_, call);
}

void RoomClient::GetRoomAsync(const v1::GetRoomRequest& request, std::function<void(Result<v1::Room>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetRoom, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::ListRoomsResponse> RoomClient::ListRooms(const v1::ListRoomsRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::ListRooms, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::ListRoomsResponse>> RoomClient::ListRoomsAsync(const v1::ListRoomsRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::ListRooms, request,
                            Idempotency::kIdempotent, options_, call);
}

void RoomClient::ListRoomsAsync(const v1::ListRoomsRequest& request, std::function<void(Result<v1::ListRoomsResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::ListRooms, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::Room> RoomClient::JoinRoom(const v1::JoinRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::JoinRoom, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Room>> RoomClient::JoinRoomAsync(const v1::JoinRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::JoinRoom, request,
                            Idempotency::kIdempotent, options_, call);
}

void RoomClient::JoinRoomAsync(const v1::JoinRoomRequest& request, std::function<void(Result<v1::Room>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::JoinRoom, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::LeaveRoomResponse> RoomClient::LeaveRoom(const v1::LeaveRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::LeaveRoom, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::LeaveRoomResponse>> RoomClient::LeaveRoomAsync(const v1::LeaveRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::LeaveRoom, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void RoomClient::LeaveRoomAsync(const v1::LeaveRoomRequest& request, std::function<void(Result<v1::LeaveRoomResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::LeaveRoom, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::InviteToRoomResponse> RoomClient::InviteToRoom(const v1::InviteToRoomRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::InviteToRoom, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::InviteToRoomResponse>> RoomClient::InviteToRoomAsync(const v1::InviteToRoomRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::InviteToRoom, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void RoomClient::InviteToRoomAsync(const v1::InviteToRoomRequest& request, std::function<void(Result<v1::InviteToRoomResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::InviteToRoom, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::ListMembersResponse> RoomClient::ListMembers(const v1::ListMembersRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::ListMembers, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::ListMembersResponse>> RoomClient::ListMembersAsync(const v1::ListMembersRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::ListMembers, request,
                            Idempotency::kIdempotent, options_, call);
}

void RoomClient::ListMembersAsync(const v1::ListMembersRequest& request, std::function<void(Result<v1::ListMembersResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::ListMembers, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::CheckMembershipResponse> RoomClient::CheckMembership(const v1::CheckMembershipRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::CheckMembership, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::CheckMembershipResponse>> RoomClient::CheckMembershipAsync(const v1::CheckMembershipRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::CheckMembership, request,
                            Idempotency::kIdempotent, options_, call);
}

void RoomClient::CheckMembershipAsync(const v1::CheckMembershipRequest& request, std::function<void(Result<v1::CheckMembershipResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::CheckMembership, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

std::unique_ptr<StreamReader<v1::MembershipEvent>> RoomClient::WatchMembership(const v1::WatchMembershipRequest& request, const CallOptions& call) const {
  return StreamReader<v1::MembershipEvent>::Open(stub_->async(), &Async::WatchMembership, request, options_, call);
}

std::unique_ptr<StreamReader<v1::MembershipEvent>> RoomClient::WatchMembership(const v1::WatchMembershipRequest& request,
    StreamReader<v1::MembershipEvent>::MessageCallback on_message,
    StreamReader<v1::MembershipEvent>::DoneCallback on_done, const CallOptions& call) const {
  return StreamReader<v1::MembershipEvent>::Open(stub_->async(), &Async::WatchMembership, request, options_, call,
                                 std::move(on_message), std::move(on_done));
}

}  // namespace dchat
