// CallContext: what a server handler knows about the call it serves.
#ifndef DCHAT_CALL_CONTEXT_H_
#define DCHAT_CALL_CONTEXT_H_

#include <chrono>
#include <string>

#include <grpcpp/server_context.h>

namespace dchat {

// The caller's identity and metadata, copied when the call starts, so the
// accessors stay valid after the call has ended. Not thread-safe to
// modify; handlers only read it.
class CallContext {
 public:
  // `context` must stay valid while IsCancelled() may be called, that is
  // until the call has finished.
  explicit CallContext(grpc::CallbackServerContext* context);

  // The user an internal service acts for ("x-dchat-actor-id" metadata);
  // empty when the caller sent none.
  const std::string& actor_id() const { return actor_id_; }
  const std::string& actor_name() const { return actor_name_; }
  // The token of an "authorization: Bearer <token>" header; empty when
  // there is none or it is not a bearer token.
  const std::string& bearer_token() const { return bearer_token_; }
  // The client's address, such as "ipv4:127.0.0.1:53412".
  const std::string& peer() const { return peer_; }
  std::chrono::system_clock::time_point deadline() const { return deadline_; }

  // True once the client has cancelled the call or its deadline passed.
  bool IsCancelled() const;

  grpc::CallbackServerContext* grpc_context() const { return context_; }

 private:
  grpc::CallbackServerContext* context_;
  std::string actor_id_;
  std::string actor_name_;
  std::string bearer_token_;
  std::string peer_;
  std::chrono::system_clock::time_point deadline_;
};

}  // namespace dchat

#endif  // DCHAT_CALL_CONTEXT_H_
