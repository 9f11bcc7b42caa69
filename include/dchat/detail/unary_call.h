// Implementation detail of the typed clients: one unary call with a
// deadline, metadata, and retries on UNAVAILABLE. Not part of the API.
#ifndef DCHAT_DETAIL_UNARY_CALL_H_
#define DCHAT_DETAIL_UNARY_CALL_H_

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <type_traits>
#include <utility>

#include <grpcpp/alarm.h>
#include <grpcpp/client_context.h>

#include "dchat/grpc_status.h"
#include "dchat/options.h"
#include "dchat/status.h"

namespace dchat::detail {

using Clock = std::chrono::system_clock;

// Creates the context of one attempt: deadline, token, actor and internal
// token metadata.
std::unique_ptr<grpc::ClientContext> NewClientContext(
    const ClientOptions& options, const CallOptions& call,
    Clock::time_point deadline);

// The deadline of a call that starts now.
Clock::time_point CallDeadline(const ClientOptions& options,
                               const CallOptions& call);

// The wait before attempt number `attempt` (2 for the first retry), with
// jitter.
std::chrono::milliseconds RetryBackoff(const RetryPolicy& policy, int attempt);

// A callback-API unary method of a generated async stub interface.
template <class Async, class Request, class Response>
using AsyncMethod = void (Async::*)(grpc::ClientContext*, const Request*,
                                    Response*,
                                    std::function<void(grpc::Status)>);

enum class Idempotency { kIdempotent, kNotIdempotent };

// The state of one call across its attempts. Owns itself through the
// shared_ptr that each pending callback holds.
template <class Async, class Request, class Response>
class UnaryCall
    : public std::enable_shared_from_this<UnaryCall<Async, Request, Response>> {
 public:
  using Done = std::function<void(Result<Response>)>;

  UnaryCall(Async* async, AsyncMethod<Async, Request, Response> method,
            const Request& request, Idempotency idempotency,
            const ClientOptions& options, const CallOptions& call, Done done)
      : async_(async),
        method_(method),
        request_(request),
        idempotent_(idempotency == Idempotency::kIdempotent),
        options_(options),
        call_(call),
        deadline_(CallDeadline(options, call)),
        done_(std::move(done)) {}

  void Start() {
    ++attempt_;
    context_ = NewClientContext(options_, call_, deadline_);
    response_.Clear();
    (async_->*method_)(context_.get(), &request_, &response_,
                       [self = this->shared_from_this()](grpc::Status status) {
                         self->OnAttemptDone(std::move(status));
                       });
  }

 private:
  void OnAttemptDone(grpc::Status status) {
    if (status.ok()) {
      done_(std::move(response_));
      return;
    }

    // UNAVAILABLE means the server was not reached or went away; the call
    // is repeated only when doing so twice cannot change the outcome.
    auto retry_at = Clock::now() + RetryBackoff(options_.retry, attempt_ + 1);
    bool retry = status.error_code() == grpc::StatusCode::UNAVAILABLE &&
                 idempotent_ && attempt_ < options_.retry.max_attempts &&
                 retry_at < deadline_;
    if (!retry) {
      done_(FromGrpcStatus(status));
      return;
    }
    alarm_.Set(retry_at, [self = this->shared_from_this()](bool fired) {
      if (fired) self->Start();
      else self->done_(CancelledError("call cancelled while waiting to retry"));
    });
  }

  Async* async_;
  AsyncMethod<Async, Request, Response> method_;
  Request request_;
  Response response_;
  bool idempotent_;
  ClientOptions options_;
  CallOptions call_;
  Clock::time_point deadline_;
  Done done_;
  int attempt_ = 0;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::Alarm alarm_;
};

// Starts a call; `done` runs once, on a gRPC thread, with the result. The
// stub behind `async` must outlive the call, including the moment just
// after `done` returns, when gRPC releases it.
template <class Async, class Request, class Response>
void CallAsync(Async* async, AsyncMethod<Async, Request, Response> method,
               const Request& request, Idempotency idempotency,
               const ClientOptions& options, const CallOptions& call,
               std::type_identity_t<std::function<void(Result<Response>)>> done) {
  auto state = std::make_shared<UnaryCall<Async, Request, Response>>(
      async, method, request, idempotency, options, call, std::move(done));
  state->Start();
}

// A blocking unary method of a generated stub interface.
template <class Stub, class Request, class Response>
using BlockingMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

// Makes a call and blocks until it ends. It uses gRPC's blocking API, which
// returns only after gRPC has released the call, so the channel may be
// destroyed as soon as this returns.
template <class Stub, class Request, class Response>
Result<Response> CallSync(Stub* stub, BlockingMethod<Stub, Request, Response> method,
                          const Request& request, Idempotency idempotency,
                          const ClientOptions& options, const CallOptions& call) {
  Clock::time_point deadline = CallDeadline(options, call);
  for (int attempt = 1;; ++attempt) {
    Response response;
    std::unique_ptr<grpc::ClientContext> context = NewClientContext(options, call, deadline);
    grpc::Status status = (stub->*method)(context.get(), request, &response);
    if (status.ok()) return response;

    // Repeated only when doing so twice cannot change the outcome; see
    // UnaryCall::OnAttemptDone.
    auto retry_at = Clock::now() + RetryBackoff(options.retry, attempt + 1);
    bool retry = status.error_code() == grpc::StatusCode::UNAVAILABLE &&
                 idempotency == Idempotency::kIdempotent &&
                 attempt < options.retry.max_attempts && retry_at < deadline;
    if (!retry) return FromGrpcStatus(status);
    std::this_thread::sleep_until(retry_at);
  }
}

// Makes a call and returns a future of its result.
template <class Async, class Request, class Response>
std::future<Result<Response>> CallFuture(
    Async* async, AsyncMethod<Async, Request, Response> method,
    const Request& request, Idempotency idempotency,
    const ClientOptions& options, const CallOptions& call) {
  auto promise = std::make_shared<std::promise<Result<Response>>>();
  std::future<Result<Response>> future = promise->get_future();
  CallAsync(async, method, request, idempotency, options, call,
            [promise](Result<Response> result) {
              promise->set_value(std::move(result));
            });
  return future;
}

}  // namespace dchat::detail

#endif  // DCHAT_DETAIL_UNARY_CALL_H_
