#include "dchat/user_client.h"

#include "dchat/detail/unary_call.h"

namespace dchat {

using detail::Idempotency;
using Async = dchat::v1::UserService::StubInterface::async_interface;

UserClient::UserClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : stub_(dchat::v1::UserService::NewStub(std::move(channel))), options_(std::move(options)) {}

UserClient::UserClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

Result<v1::User> UserClient::Register(const v1::RegisterRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Register, request,
                          Idempotency::kNotIdempotent, options_, call);
}

std::future<Result<v1::User>> UserClient::RegisterAsync(const v1::RegisterRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Register, request,
                            Idempotency::kNotIdempotent, options_, call);
}

void UserClient::RegisterAsync(const v1::RegisterRequest& request, std::function<void(Result<v1::User>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Register, request,
                    Idempotency::kNotIdempotent, options_, call, std::move(done));
}

Result<v1::LoginResponse> UserClient::Login(const v1::LoginRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Login, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::LoginResponse>> UserClient::LoginAsync(const v1::LoginRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Login, request,
                            Idempotency::kIdempotent, options_, call);
}

void UserClient::LoginAsync(const v1::LoginRequest& request, std::function<void(Result<v1::LoginResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Login, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::RevokeTokenResponse> UserClient::RevokeToken(const v1::RevokeTokenRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::RevokeToken, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::RevokeTokenResponse>> UserClient::RevokeTokenAsync(const v1::RevokeTokenRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::RevokeToken, request,
                            Idempotency::kIdempotent, options_, call);
}

void UserClient::RevokeTokenAsync(const v1::RevokeTokenRequest& request, std::function<void(Result<v1::RevokeTokenResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::RevokeToken, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::VerifyTokenResponse> UserClient::VerifyToken(const v1::VerifyTokenRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::VerifyToken, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::VerifyTokenResponse>> UserClient::VerifyTokenAsync(const v1::VerifyTokenRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::VerifyToken, request,
                            Idempotency::kIdempotent, options_, call);
}

void UserClient::VerifyTokenAsync(const v1::VerifyTokenRequest& request, std::function<void(Result<v1::VerifyTokenResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::VerifyToken, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::User> UserClient::GetUser(const v1::GetUserRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetUser, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::User>> UserClient::GetUserAsync(const v1::GetUserRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetUser, request,
                            Idempotency::kIdempotent, options_, call);
}

void UserClient::GetUserAsync(const v1::GetUserRequest& request, std::function<void(Result<v1::User>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetUser, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

}  // namespace dchat
