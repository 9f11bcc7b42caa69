// MessageClient: typed client of the internal message service (dchat.v1.MessageService).
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
#ifndef DCHAT_MESSAGE_CLIENT_H_
#define DCHAT_MESSAGE_CLIENT_H_

#include <functional>
#include <future>
#include <memory>

#include <grpcpp/channel.h>

#include "dchat/v1/message.grpc.pb.h"
#include "dchat/options.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat {

class MessageClient {
 public:
  using Stub = dchat::v1::MessageService::StubInterface;

  explicit MessageClient(std::shared_ptr<grpc::Channel> channel,
                        ClientOptions options = {});
  // Uses `stub`, for example a mock in tests.
  explicit MessageClient(std::shared_ptr<Stub> stub, ClientOptions options = {});

  const ClientOptions& options() const { return options_; }

  // Appends a message for the actor; returns it once committed. Retried on
  // UNAVAILABLE only when it carries an idempotency key.
  Result<v1::Message> AppendMessage(const v1::SendMessageRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::Message>> AppendMessageAsync(const v1::SendMessageRequest& request,
      const CallOptions& call = {}) const;
  void AppendMessageAsync(const v1::SendMessageRequest& request, std::function<void(Result<v1::Message>)> done,
      const CallOptions& call = {}) const;

  // Reads one page of a room's history.
  Result<v1::ListMessagesResponse> ListMessages(const v1::ListMessagesRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::ListMessagesResponse>> ListMessagesAsync(const v1::ListMessagesRequest& request,
      const CallOptions& call = {}) const;
  void ListMessagesAsync(const v1::ListMessagesRequest& request, std::function<void(Result<v1::ListMessagesResponse>)> done,
      const CallOptions& call = {}) const;

  // Streams each room's messages after its cursor, then live ones. Pull form:
  // call Read() on the result.
  std::unique_ptr<StreamReader<v1::Message>> Subscribe(const v1::SubscribeMessagesRequest& request,
      const CallOptions& call = {}) const;
  // Push form: `on_message` runs for each message and `on_done` once at
  // the end, both on a gRPC thread.
  std::unique_ptr<StreamReader<v1::Message>> Subscribe(const v1::SubscribeMessagesRequest& request,
      StreamReader<v1::Message>::MessageCallback on_message,
      StreamReader<v1::Message>::DoneCallback on_done, const CallOptions& call = {}) const;

 private:
  std::shared_ptr<Stub> stub_;
  ClientOptions options_;
};

}  // namespace dchat

#endif  // DCHAT_MESSAGE_CLIENT_H_
