// Forwarding of generated callback-API methods to typed handlers: admission,
// the hop to the worker pool, call logging, and status mapping.
#ifndef DCHAT_SDK_DISPATCH_H_
#define DCHAT_SDK_DISPATCH_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "dchat/call_context.h"
#include "dchat/detail/server_runtime.h"
#include "dchat/grpc_status.h"
#include "dchat/server_stream.h"
#include "dchat/skeletons.h"
#include "dchat/status.h"

namespace dchat::detail {

inline Status Unimplemented(std::string_view method) {
  return UnimplementedError(std::string(method) + " is not implemented by this server");
}

// Serves one unary call: admits it, then runs `handler(call, request,
// reply)` on the gRPC thread itself, so the handler must not block. The
// call ends when `reply` runs, from the handler or from the code it passed
// `reply` to; `call` and `request` stay valid until then.
template <class Request, class Response, class Handler>
grpc::ServerUnaryReactor* ServeUnaryAsync(ServerRuntime* runtime,
                                          grpc::CallbackServerContext* context,
                                          std::string_view method,
                                          const Request* request, Response* response,
                                          Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto started = std::chrono::steady_clock::now();

  Status admitted = runtime->Admit(*context);
  if (!admitted.ok()) {
    runtime->LogCall(method, CallContext(context), admitted,
                     std::chrono::steady_clock::now() - started);
    reactor->Finish(ToGrpcStatus(admitted));
    return reactor;
  }

  // The reply owns the call context; the request and response live until
  // Finish.
  auto call = std::make_shared<const CallContext>(context);
  UnaryReply<Response> reply = [runtime, method, call, reactor, response,
                                started](Result<Response> result) {
    if (result.ok()) *response = std::move(*result);
    runtime->LogCall(method, *call, result.status(),
                     std::chrono::steady_clock::now() - started);
    reactor->Finish(ToGrpcStatus(result.status()));
  };
  handler(*call, *request, std::move(reply));
  return reactor;
}

// Serves one unary call with a blocking `handler(call, request)`, run on
// the worker pool.
template <class Request, class Response, class Handler>
grpc::ServerUnaryReactor* ServeUnary(ServerRuntime* runtime,
                                     grpc::CallbackServerContext* context,
                                     std::string_view method,
                                     const Request* request, Response* response,
                                     Handler handler) {
  return ServeUnaryAsync(
      runtime, context, method, request, response,
      [runtime, handler](const CallContext& call, const Request& r,
                         UnaryReply<Response> reply) {
        runtime->Submit([handler, &call, &r, reply = std::move(reply)] {
          reply(handler(call, r));
        });
      });
}

template <class Response, class Request, class Handler>
grpc::ServerWriteReactor<Response>* ServeStream(
    ServerRuntime* runtime, grpc::CallbackServerContext* context,
    std::string_view method, const Request* request, Handler handler) {
  std::shared_ptr<ServerStream<Response>> stream =
      ServerStream<Response>::Create(context, runtime);
  auto started = std::chrono::steady_clock::now();

  Status admitted = runtime->Admit(*context);
  if (admitted.ok() && !runtime->Track(stream)) {
    admitted = UnavailableError("server is shutting down: reconnect to another replica or retry");
  }
  if (!admitted.ok()) {
    runtime->LogCall(method, stream->context(), admitted,
                     std::chrono::steady_clock::now() - started);
    stream->Finish(admitted);
    return stream->reactor();
  }

  // The stream's end is logged like a unary call's, with its duration.
  std::string method_name(method);
  stream->OnClosed([runtime, method_name, stream_ptr = stream.get(), started](const Status& status) {
    runtime->LogCall(method_name, stream_ptr->context(), status,
                     std::chrono::steady_clock::now() - started);
  });
  runtime->Submit([stream, request, handler] { handler(*request, stream); });
  return stream->reactor();
}

}  // namespace dchat::detail

#endif  // DCHAT_SDK_DISPATCH_H_
