// A custom service on a dchat skeleton: a room directory that keeps rooms
// in memory and lets everyone into every room. Run it in place of
// dchat-room behind the stock gateway:
//
//   dchat-example-custom-room-service 127.0.0.1:50053
//
// It shows the parts every service has: typed handlers returning a Result,
// identity from the call context, a lock around shared state, and a server
// that adds health, reflection and graceful shutdown.
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "dchat/server.h"
#include "dchat/skeletons.h"

namespace {

using dchat::CallContext;
using dchat::Result;

class OpenRoomDirectory : public dchat::RoomServiceBase {
 public:
  Result<dchat::v1::Room> CreateRoom(const CallContext& call,
                                     const dchat::v1::CreateRoomRequest& request) override {
    if (call.actor_id().empty()) return dchat::UnauthenticatedError("call through the gateway");
    if (request.name().empty()) return dchat::InvalidArgumentError("room name is empty");

    std::lock_guard lock(mutex_);
    auto [entry, created] = rooms_.try_emplace(request.name());
    if (!created) return dchat::AlreadyExistsError("room '" + request.name() + "' exists");
    entry->second.set_room_id(request.name());
    entry->second.set_name(request.name());
    entry->second.set_topic(request.topic());
    entry->second.set_visibility(dchat::v1::ROOM_VISIBILITY_PUBLIC);
    entry->second.set_creator_id(call.actor_id());
    return entry->second;
  }

  Result<dchat::v1::Room> GetRoom(const CallContext&,
                                  const dchat::v1::GetRoomRequest& request) override {
    std::lock_guard lock(mutex_);
    auto found = rooms_.find(request.room_id());
    if (found == rooms_.end()) return dchat::NotFoundError("no room '" + request.room_id() + "'");
    return found->second;
  }

  Result<dchat::v1::Room> JoinRoom(const CallContext& call,
                                   const dchat::v1::JoinRoomRequest& request) override {
    dchat::v1::GetRoomRequest get;
    get.set_room_id(request.room_id());
    return GetRoom(call, get);
  }

  // Everyone is a member of every room that exists.
  Result<dchat::v1::CheckMembershipResponse> CheckMembership(
      const CallContext& call, const dchat::v1::CheckMembershipRequest& request) override {
    dchat::v1::GetRoomRequest get;
    get.set_room_id(request.room_id());
    auto room = GetRoom(call, get);
    if (!room.ok()) return room.status();
    dchat::v1::CheckMembershipResponse response;
    response.set_is_member(true);
    *response.mutable_room() = *room;
    return response;
  }

  Result<dchat::v1::ListRoomsResponse> ListRooms(
      const CallContext&, const dchat::v1::ListRoomsRequest&) override {
    dchat::v1::ListRoomsResponse response;
    std::lock_guard lock(mutex_);
    for (const auto& [name, room] : rooms_) *response.add_rooms() = room;
    return response;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, dchat::v1::Room> rooms_;  // guarded by mutex_
};

}  // namespace

int main(int argc, char** argv) {
  dchat::ServerOptions options;
  options.address = argc > 1 ? argv[1] : "127.0.0.1:50053";

  auto server = dchat::Server::Start(options, {std::make_shared<OpenRoomDirectory>()});
  if (!server.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", server.status().ToString().c_str());
    return 1;
  }
  (*server)->ShutdownOnSignals();
  (*server)->Wait();
  return 0;
}
