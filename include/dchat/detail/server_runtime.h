// Implementation detail of the server skeletons: what a running Server
// lends to the services it hosts. Not part of the API.
#ifndef DCHAT_DETAIL_SERVER_RUNTIME_H_
#define DCHAT_DETAIL_SERVER_RUNTIME_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include <grpcpp/server_context.h>
#include <spdlog/logger.h>

#include "dchat/call_context.h"
#include "dchat/status.h"

namespace dchat::detail {

// An open server stream that the server ends when it shuts down.
class OpenStream {
 public:
  virtual ~OpenStream() = default;
  virtual void EndForShutdown(const Status& status) = 0;
};

class ServerRuntime {
 public:
  virtual ~ServerRuntime() = default;

  // Runs `task` on the server's worker pool.
  virtual void Submit(std::function<void()> task) = 0;
  virtual spdlog::logger& logger() = 0;
  // Messages a server stream may queue before Write() returns false.
  virtual size_t stream_queue_limit() const = 0;
  // Checks the internal token, when the server requires one.
  virtual Status Admit(const grpc::CallbackServerContext& context) const = 0;

  // Returns false when the server is shutting down; the stream must end.
  virtual bool Track(const std::shared_ptr<OpenStream>& stream) = 0;
  virtual void Untrack(const OpenStream* stream) = 0;

  // Logs one finished call.
  virtual void LogCall(std::string_view method, const CallContext& call,
                       const Status& status,
                       std::chrono::steady_clock::duration elapsed) = 0;
};

}  // namespace dchat::detail

#endif  // DCHAT_DETAIL_SERVER_RUNTIME_H_
