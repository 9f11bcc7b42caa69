// RoomClient: typed client of the internal room service (dchat.v1.RoomService).
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
#ifndef DCHAT_ROOM_CLIENT_H_
#define DCHAT_ROOM_CLIENT_H_

#include <functional>
#include <future>
#include <memory>

#include <grpcpp/channel.h>

#include "dchat/v1/room.grpc.pb.h"
#include "dchat/options.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat {

class RoomClient {
 public:
  using Stub = dchat::v1::RoomService::StubInterface;

  explicit RoomClient(std::shared_ptr<grpc::Channel> channel,
                     ClientOptions options = {});
  // Uses `stub`, for example a mock in tests.
  explicit RoomClient(std::shared_ptr<Stub> stub, ClientOptions options = {});

  const ClientOptions& options() const { return options_; }

  // Creates a room with the actor as its first member. INVALID_ARGUMENT,
  // ALREADY_EXISTS.
  Result<v1::Room> CreateRoom(const v1::CreateRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Room>> CreateRoomAsync(const v1::CreateRoomRequest& request,
      const CallOptions& call = {}) const;
  void CreateRoomAsync(const v1::CreateRoomRequest& request, std::function<void(Result<v1::Room>)> done,
      const CallOptions& call = {}) const;

  // NOT_FOUND for an unknown room.
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

  // Adds the actor to a room. NOT_FOUND, PERMISSION_DENIED for a private room
  // without an invitation.
  Result<v1::Room> JoinRoom(const v1::JoinRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Room>> JoinRoomAsync(const v1::JoinRoomRequest& request,
      const CallOptions& call = {}) const;
  void JoinRoomAsync(const v1::JoinRoomRequest& request, std::function<void(Result<v1::Room>)> done,
      const CallOptions& call = {}) const;

  // Removes the actor from a room. NOT_FOUND when the actor is not a member.
  Result<v1::LeaveRoomResponse> LeaveRoom(const v1::LeaveRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::LeaveRoomResponse>> LeaveRoomAsync(const v1::LeaveRoomRequest& request,
      const CallOptions& call = {}) const;
  void LeaveRoomAsync(const v1::LeaveRoomRequest& request, std::function<void(Result<v1::LeaveRoomResponse>)> done,
      const CallOptions& call = {}) const;

  // Invites a user to a room. PERMISSION_DENIED unless the actor is a member.
  Result<v1::InviteToRoomResponse> InviteToRoom(const v1::InviteToRoomRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::InviteToRoomResponse>> InviteToRoomAsync(const v1::InviteToRoomRequest& request,
      const CallOptions& call = {}) const;
  void InviteToRoomAsync(const v1::InviteToRoomRequest& request, std::function<void(Result<v1::InviteToRoomResponse>)> done,
      const CallOptions& call = {}) const;

  // Returns one page of members. NOT_FOUND for an unknown room.
  Result<v1::ListMembersResponse> ListMembers(const v1::ListMembersRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::ListMembersResponse>> ListMembersAsync(const v1::ListMembersRequest& request,
      const CallOptions& call = {}) const;
  void ListMembersAsync(const v1::ListMembersRequest& request, std::function<void(Result<v1::ListMembersResponse>)> done,
      const CallOptions& call = {}) const;

  // Tells whether a user is a member. NOT_FOUND for an unknown room.
  Result<v1::CheckMembershipResponse> CheckMembership(const v1::CheckMembershipRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::CheckMembershipResponse>> CheckMembershipAsync(const v1::CheckMembershipRequest& request,
      const CallOptions& call = {}) const;
  void CheckMembershipAsync(const v1::CheckMembershipRequest& request, std::function<void(Result<v1::CheckMembershipResponse>)> done,
      const CallOptions& call = {}) const;

  // Streams membership changes as they happen. Pull form: call Read() on the
  // result.
  std::unique_ptr<StreamReader<v1::MembershipEvent>> WatchMembership(const v1::WatchMembershipRequest& request,
      const CallOptions& call = {}) const;
  // Push form: `on_message` runs for each message and `on_done` once at
  // the end, both on a gRPC thread.
  std::unique_ptr<StreamReader<v1::MembershipEvent>> WatchMembership(const v1::WatchMembershipRequest& request,
      StreamReader<v1::MembershipEvent>::MessageCallback on_message,
      StreamReader<v1::MembershipEvent>::DoneCallback on_done, const CallOptions& call = {}) const;

 private:
  std::shared_ptr<Stub> stub_;
  ClientOptions options_;
};

}  // namespace dchat

#endif  // DCHAT_ROOM_CLIENT_H_
