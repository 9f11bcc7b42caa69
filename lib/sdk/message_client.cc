#include "dchat/message_client.h"

#include "dchat/detail/unary_call.h"

namespace dchat {

using detail::Idempotency;
using Async = dchat::v1::MessageService::StubInterface::async_interface;

MessageClient::MessageClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : stub_(dchat::v1::MessageService::NewStub(std::move(channel))), options_(std::move(options)) {}

MessageClient::MessageClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

Result<v1::Message> MessageClient::AppendMessage(const v1::SendMessageRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::AppendMessage, request,
                          request.idempotency_key().empty() ? Idempotency::kNotIdempotent : Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Message>> MessageClient::AppendMessageAsync(const v1::SendMessageRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::AppendMessage, request,
                            request.idempotency_key().empty() ? Idempotency::kNotIdempotent : Idempotency::kIdempotent, options_, call);
}

void MessageClient::AppendMessageAsync(const v1::SendMessageRequest& request, std::function<void(Result<v1::Message>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::AppendMessage, request,
                    request.idempotency_key().empty() ? Idempotency::kNotIdempotent : Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::ListMessagesResponse> MessageClient::ListMessages(const v1::ListMessagesRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::ListMessages, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::ListMessagesResponse>> MessageClient::ListMessagesAsync(const v1::ListMessagesRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::ListMessages, request,
                            Idempotency::kIdempotent, options_, call);
}

void MessageClient::ListMessagesAsync(const v1::ListMessagesRequest& request, std::function<void(Result<v1::ListMessagesResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::ListMessages, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

std::unique_ptr<StreamReader<v1::Message>> MessageClient::Subscribe(const v1::SubscribeMessagesRequest& request, const CallOptions& call) const {
  return StreamReader<v1::Message>::Open(stub_->async(), &Async::Subscribe, request, options_, call);
}

std::unique_ptr<StreamReader<v1::Message>> MessageClient::Subscribe(const v1::SubscribeMessagesRequest& request,
    StreamReader<v1::Message>::MessageCallback on_message,
    StreamReader<v1::Message>::DoneCallback on_done, const CallOptions& call) const {
  return StreamReader<v1::Message>::Open(stub_->async(), &Async::Subscribe, request, options_, call,
                                 std::move(on_message), std::move(on_done));
}

}  // namespace dchat
