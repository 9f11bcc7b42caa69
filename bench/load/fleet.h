// Fleet: the users and rooms of one dchat-load run, set up through the
// gateway as any client would: register, log in, create or join rooms.
#ifndef DCHAT_BENCH_LOAD_FLEET_H_
#define DCHAT_BENCH_LOAD_FLEET_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "dchat/gateway_client.h"
#include "dchat/status.h"
#include "dchat/v1/gateway.grpc.pb.h"
#include "load/load_options.h"

namespace dchat::load {

// One logged-in user with its own connection to the gateway.
struct LoadClient {
  std::string username;
  std::string user_id;
  // "Bearer <token>", the authorization metadata of every call.
  std::string authorization;
  std::shared_ptr<SessionToken> token;
  // Index into Fleet::room_ids() of the one room this user is a member of.
  int room = 0;
  std::shared_ptr<grpc::Channel> channel;
  // For the load calls, which use the callback API directly.
  std::unique_ptr<v1::GatewayService::Stub> stub;
  // For set-up calls and event streams.
  std::unique_ptr<GatewayClient> gateway;
};

class Fleet {
 public:
  // Registers options.clients users "load-<run_id>-<i>" (or logs in users
  // that already exist), and seats user i in room i % rooms, creating the
  // rooms first. Fails with the first error of a set-up call.
  static Result<std::unique_ptr<Fleet>> SetUp(const LoadOptions& options,
                                              const std::string& run_id);

  const std::vector<std::string>& room_ids() const { return room_ids_; }
  std::vector<LoadClient>& clients() { return clients_; }
  // Indices into clients() of the members of room `room`.
  const std::vector<int>& members(int room) const { return members_[room]; }

 private:
  Fleet() = default;

  Status LogIn(const LoadOptions& options, const std::string& run_id);
  Status SeatInRooms(const LoadOptions& options, const std::string& run_id);

  std::vector<std::string> room_ids_;
  std::vector<LoadClient> clients_;
  std::vector<std::vector<int>> members_;
};

// A channel to `target` with a connection of its own: channels with
// different `index` values never share a connection, as separate client
// machines would not. Plaintext, since targets are on this machine.
std::shared_ptr<grpc::Channel> OpenConnection(const std::string& target, int index);

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_FLEET_H_
