// PresenceClient: typed client of the internal presence service (dchat.v1.PresenceService).
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
#ifndef DCHAT_PRESENCE_CLIENT_H_
#define DCHAT_PRESENCE_CLIENT_H_

#include <functional>
#include <future>
#include <memory>

#include <grpcpp/channel.h>

#include "dchat/v1/presence.grpc.pb.h"
#include "dchat/options.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat {

class PresenceClient {
 public:
  using Stub = dchat::v1::PresenceService::StubInterface;

  explicit PresenceClient(std::shared_ptr<grpc::Channel> channel,
                         ClientOptions options = {});
  // Uses `stub`, for example a mock in tests.
  explicit PresenceClient(std::shared_ptr<Stub> stub, ClientOptions options = {});

  const ClientOptions& options() const { return options_; }

  // Sets the actor's status until its time to live passes.
  Result<v1::Presence> Heartbeat(const v1::HeartbeatRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Presence>> HeartbeatAsync(const v1::HeartbeatRequest& request,
      const CallOptions& call = {}) const;
  void HeartbeatAsync(const v1::HeartbeatRequest& request, std::function<void(Result<v1::Presence>)> done,
      const CallOptions& call = {}) const;

  // Marks the actor as typing in a room for 5 seconds.
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

  // Returns the online and away users of a room.
  Result<v1::GetRosterResponse> GetRoster(const v1::GetRosterRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::GetRosterResponse>> GetRosterAsync(const v1::GetRosterRequest& request,
      const CallOptions& call = {}) const;
  void GetRosterAsync(const v1::GetRosterRequest& request, std::function<void(Result<v1::GetRosterResponse>)> done,
      const CallOptions& call = {}) const;

  // Streams presence changes and typing notices. Pull form: call Read() on the
  // result.
  std::unique_ptr<StreamReader<v1::PresenceWatchEvent>> Watch(const v1::WatchPresenceRequest& request,
      const CallOptions& call = {}) const;
  // Push form: `on_message` runs for each message and `on_done` once at
  // the end, both on a gRPC thread.
  std::unique_ptr<StreamReader<v1::PresenceWatchEvent>> Watch(const v1::WatchPresenceRequest& request,
      StreamReader<v1::PresenceWatchEvent>::MessageCallback on_message,
      StreamReader<v1::PresenceWatchEvent>::DoneCallback on_done, const CallOptions& call = {}) const;

 private:
  std::shared_ptr<Stub> stub_;
  ClientOptions options_;
};

}  // namespace dchat

#endif  // DCHAT_PRESENCE_CLIENT_H_
