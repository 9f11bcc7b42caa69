#include "load/fleet.h"

#include <algorithm>
#include <future>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

namespace dchat::load {
namespace {

// Registration and login hash passwords with Argon2id (64 MiB each), so
// only this many run at once.
constexpr size_t kSetUpBatch = 16;

// Set-up calls wait behind password hashing, which takes far longer than
// a chat call.
constexpr std::chrono::seconds kSetUpTimeout{60};

std::string Password(const std::string& run_id) { return "load-password-" + run_id; }

// Runs `start(i)` for i in [0, count) with at most kSetUpBatch calls in
// flight, and returns the first error.
template <class T, class Start>
Status RunBatched(size_t count, Start start, std::vector<Result<T>>* results) {
  results->clear();
  for (size_t first = 0; first < count; first += kSetUpBatch) {
    std::vector<std::future<Result<T>>> batch;
    const size_t end = std::min(count, first + kSetUpBatch);
    for (size_t i = first; i < end; ++i) batch.push_back(start(i));
    for (auto& call : batch) results->push_back(call.get());
  }
  for (const Result<T>& result : *results) {
    if (!result.ok()) return result.status();
  }
  return OkStatus();
}

}  // namespace

std::shared_ptr<grpc::Channel> OpenConnection(const std::string& target, int index) {
  grpc::ChannelArguments arguments;
  // gRPC shares one connection among channels with equal arguments; a
  // distinct value gives each its own.
  arguments.SetInt("dchat.load.connection", index);
  arguments.SetMaxReceiveMessageSize(16 * 1024 * 1024);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments);
}

Result<std::unique_ptr<Fleet>> Fleet::SetUp(const LoadOptions& options,
                                            const std::string& run_id) {
  std::unique_ptr<Fleet> fleet(new Fleet());
  fleet->clients_.resize(options.clients);
  for (int i = 0; i < options.clients; ++i) {
    LoadClient& client = fleet->clients_[i];
    client.username = "load-" + run_id + "-" + std::to_string(i);
    client.token = std::make_shared<SessionToken>();
    client.channel = OpenConnection(options.gateway, i);
    client.stub = v1::GatewayService::NewStub(client.channel);

    ClientOptions client_options;
    client_options.timeout = kSetUpTimeout;
    client_options.token = client.token;
    client.gateway = std::make_unique<GatewayClient>(client.channel, client_options);
  }

  DCHAT_RETURN_IF_ERROR(fleet->LogIn(options, run_id));
  DCHAT_RETURN_IF_ERROR(fleet->SeatInRooms(options, run_id));
  return fleet;
}

Status Fleet::LogIn(const LoadOptions&, const std::string& run_id) {
  std::vector<Result<v1::User>> registered;
  Status status = RunBatched<v1::User>(
      clients_.size(),
      [&](size_t i) {
        v1::RegisterRequest request;
        request.set_username(clients_[i].username);
        request.set_password(Password(run_id));
        return clients_[i].gateway->RegisterAsync(request);
      },
      &registered);
  // A user left by an earlier run with the same id logs in as before.
  for (const Result<v1::User>& user : registered) {
    if (!user.ok() && user.status().code() != Code::kAlreadyExists) return user.status();
  }

  std::vector<Result<v1::LoginResponse>> sessions;
  status = RunBatched<v1::LoginResponse>(
      clients_.size(),
      [&](size_t i) {
        v1::LoginRequest request;
        request.set_username(clients_[i].username);
        request.set_password(Password(run_id));
        return clients_[i].gateway->LoginAsync(request);
      },
      &sessions);
  if (!status.ok()) return status;
  for (size_t i = 0; i < clients_.size(); ++i) {
    clients_[i].user_id = sessions[i]->user().user_id();
    clients_[i].token->Set(sessions[i]->token());
    clients_[i].authorization = "Bearer " + sessions[i]->token();
  }
  return OkStatus();
}

Status Fleet::SeatInRooms(const LoadOptions& options, const std::string& run_id) {
  const int rooms = options.room.empty() ? options.rooms : 1;
  members_.assign(rooms, {});
  for (int i = 0; i < static_cast<int>(clients_.size()); ++i) {
    clients_[i].room = i % rooms;
    members_[i % rooms].push_back(i);
  }

  // The first member of each room creates it, or joins it when it exists.
  room_ids_.resize(rooms);
  for (int room = 0; room < rooms; ++room) {
    const GatewayClient& creator = *clients_[members_[room].front()].gateway;
    v1::CreateRoomRequest create;
    create.set_name(options.room.empty() ? "load-" + run_id + "-r" + std::to_string(room)
                                         : options.room);
    create.set_visibility(v1::ROOM_VISIBILITY_PUBLIC);
    Result<v1::Room> created = creator.CreateRoom(create);
    if (!created.ok() && created.status().code() == Code::kAlreadyExists) {
      v1::JoinRoomRequest join;
      join.set_room_id(create.name());
      created = creator.JoinRoom(join);
    }
    if (!created.ok()) return created.status();
    room_ids_[room] = created->room_id();
  }

  std::vector<Result<v1::Room>> joined;
  return RunBatched<v1::Room>(
      clients_.size(),
      [&](size_t i) {
        v1::JoinRoomRequest join;
        join.set_room_id(room_ids_[clients_[i].room]);
        return clients_[i].gateway->JoinRoomAsync(join);
      },
      &joined);
}

}  // namespace dchat::load
