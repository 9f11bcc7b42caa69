// UserClient: typed client of the internal account service (dchat.v1.UserService).
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
#ifndef DCHAT_USER_CLIENT_H_
#define DCHAT_USER_CLIENT_H_

#include <functional>
#include <future>
#include <memory>

#include <grpcpp/channel.h>

#include "dchat/v1/user.grpc.pb.h"
#include "dchat/options.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat {

class UserClient {
 public:
  using Stub = dchat::v1::UserService::StubInterface;

  explicit UserClient(std::shared_ptr<grpc::Channel> channel,
                     ClientOptions options = {});
  // Uses `stub`, for example a mock in tests.
  explicit UserClient(std::shared_ptr<Stub> stub, ClientOptions options = {});

  const ClientOptions& options() const { return options_; }

  // Creates an account. INVALID_ARGUMENT, ALREADY_EXISTS.
  Result<v1::User> Register(const v1::RegisterRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::User>> RegisterAsync(const v1::RegisterRequest& request,
      const CallOptions& call = {}) const;
  void RegisterAsync(const v1::RegisterRequest& request, std::function<void(Result<v1::User>)> done,
      const CallOptions& call = {}) const;

  // Issues a session token. UNAUTHENTICATED for a wrong username or password.
  Result<v1::LoginResponse> Login(const v1::LoginRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::LoginResponse>> LoginAsync(const v1::LoginRequest& request,
      const CallOptions& call = {}) const;
  void LoginAsync(const v1::LoginRequest& request, std::function<void(Result<v1::LoginResponse>)> done,
      const CallOptions& call = {}) const;

  // Revokes a token; revoking an unknown token succeeds.
  Result<v1::RevokeTokenResponse> RevokeToken(const v1::RevokeTokenRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::RevokeTokenResponse>> RevokeTokenAsync(const v1::RevokeTokenRequest& request,
      const CallOptions& call = {}) const;
  void RevokeTokenAsync(const v1::RevokeTokenRequest& request, std::function<void(Result<v1::RevokeTokenResponse>)> done,
      const CallOptions& call = {}) const;

  // Returns the token's user. UNAUTHENTICATED for an unknown, expired or
  // revoked token.
  Result<v1::VerifyTokenResponse> VerifyToken(const v1::VerifyTokenRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::VerifyTokenResponse>> VerifyTokenAsync(const v1::VerifyTokenRequest& request,
      const CallOptions& call = {}) const;
  void VerifyTokenAsync(const v1::VerifyTokenRequest& request, std::function<void(Result<v1::VerifyTokenResponse>)> done,
      const CallOptions& call = {}) const;

  // NOT_FOUND for an unknown user.
  Result<v1::User> GetUser(const v1::GetUserRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<v1::User>> GetUserAsync(const v1::GetUserRequest& request,
      const CallOptions& call = {}) const;
  void GetUserAsync(const v1::GetUserRequest& request, std::function<void(Result<v1::User>)> done,
      const CallOptions& call = {}) const;

 private:
  std::shared_ptr<Stub> stub_;
  ClientOptions options_;
};

}  // namespace dchat

#endif  // DCHAT_USER_CLIENT_H_
