#include "load/gateway_calls.h"

#include <random>

#include <grpcpp/client_context.h>

#include "dchat/metadata.h"
#include "load/message_stamp.h"

namespace dchat::load {
namespace {

// The state of one call, alive until its callback has run.
template <class Request, class Response>
struct CallState {
  grpc::ClientContext context;
  Request request;
  Response response;
};

void PrepareContext(grpc::ClientContext& context, const LoadClient& client,
                    std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  context.AddMetadata(kAuthorizationKey, client.authorization);
}

}  // namespace

GatewayCalls::GatewayCalls(Fleet* fleet, const LoadOptions& options)
    : fleet_(fleet),
      message_bytes_(options.message_bytes),
      idempotency_keys_(options.idempotency_keys),
      page_size_(options.page_size),
      timeout_(options.call_timeout) {
  for (size_t i = 0; i < fleet->room_ids().size(); ++i) {
    acknowledged_.push_back(std::make_unique<std::atomic<int64_t>>(0));
  }
}

AsyncCall GatewayCalls::Send() {
  return [this](int64_t index, int64_t sent_at_us, CallDone done) {
    const LoadClient& client = fleet_->clients()[index % fleet_->clients().size()];
    auto* call = new CallState<v1::SendMessageRequest, v1::Message>();
    PrepareContext(call->context, client, timeout_);
    call->request.set_room_id(fleet_->room_ids()[client.room]);
    call->request.set_text(StampedText(sent_at_us, message_bytes_));
    if (idempotency_keys_) call->request.set_idempotency_key(std::to_string(index));

    std::atomic<int64_t>* acknowledged = acknowledged_[client.room].get();
    client.stub->async()->SendMessage(
        &call->context, &call->request, &call->response,
        [call, acknowledged, done = std::move(done)](grpc::Status status) {
          if (status.ok()) acknowledged->fetch_add(1);
          delete call;
          done(status.error_code());
        });
  };
}

AsyncCall GatewayCalls::History(int64_t last_seq) {
  return [this, last_seq](int64_t index, int64_t, CallDone done) {
    const LoadClient& client = fleet_->clients()[index % fleet_->clients().size()];
    auto* call = new CallState<v1::ListMessagesRequest, v1::ListMessagesResponse>();
    PrepareContext(call->context, client, timeout_);
    call->request.set_room_id(fleet_->room_ids()[client.room]);
    call->request.set_limit(page_size_);

    // Pages end anywhere in the room, so that reads are not served from a
    // few hot database pages only.
    thread_local std::minstd_rand random(std::random_device{}());
    const int64_t lowest_end = std::min<int64_t>(page_size_, last_seq);
    std::uniform_int_distribution<int64_t> end(lowest_end, last_seq);
    call->request.set_before_seq(end(random) + 1);

    client.stub->async()->ListMessages(
        &call->context, &call->request, &call->response,
        [call, done = std::move(done)](grpc::Status status) {
          delete call;
          done(status.error_code());
        });
  };
}

Result<int64_t> ReadLastSeq(const LoadClient& client, const std::string& room_id) {
  v1::ListMessagesRequest request;
  request.set_room_id(room_id);
  request.set_limit(1);
  Result<v1::ListMessagesResponse> page = client.gateway->ListMessages(request);
  if (!page.ok()) return page.status();
  return page->last_seq();
}

}  // namespace dchat::load
