#include "load/baseline_chain.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/support/byte_buffer.h>

#include "dchat/metadata.h"
#include "dchat/v1/gateway.pb.h"
#include "load/fleet.h"
#include "load/message_stamp.h"

namespace dchat::load {
namespace {

// The method the client names; the servers route every method alike.
constexpr char kMethod[] = "/dchat.v1.GatewayService/SendMessage";

// Metadata of the same size as a real session token's.
const std::string kAuthorization = "Bearer " + std::string(43, 'b');

// Returns the request bytes as the reply.
class EchoReactor final : public grpc::ServerGenericBidiReactor {
 public:
  EchoReactor() { StartRead(&message_); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the call carried no request"));
      return;
    }
    StartWriteAndFinish(&message_, grpc::WriteOptions(), grpc::Status::OK);
  }

  void OnDone() override { delete this; }

 private:
  grpc::ByteBuffer message_;
};

// Forwards one call upstream and relays the reply.
class ProxyReactor final : public grpc::ServerGenericBidiReactor {
 public:
  ProxyReactor(grpc::GenericCallbackServerContext* context, grpc::GenericStub* upstream)
      : context_(context), upstream_(upstream) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the call carried no request"));
      return;
    }
    // The gateway adds the caller's identity on its way upstream.
    upstream_context_.set_deadline(context_->deadline());
    upstream_context_.AddMetadata(kActorIdKey, "baseline-user-id");
    upstream_context_.AddMetadata(kActorNameKey, "baseline");

    // Finish runs only here or above, so OnDone, which deletes this, comes
    // after the upstream callback.
    upstream_->UnaryCall(&upstream_context_, context_->method(), grpc::StubOptions(), &request_,
                         &response_, [this](grpc::Status status) {
                           if (!status.ok()) {
                             Finish(status);
                             return;
                           }
                           StartWriteAndFinish(&response_, grpc::WriteOptions(), status);
                         });
  }

  void OnCancel() override { upstream_context_.TryCancel(); }
  void OnDone() override { delete this; }

 private:
  grpc::GenericCallbackServerContext* const context_;
  grpc::GenericStub* const upstream_;
  grpc::ClientContext upstream_context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

struct ClientCall {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

// Starts a plaintext server on a free loopback port.
Result<std::unique_ptr<grpc::Server>> StartServer(grpc::CallbackGenericService* service,
                                                  std::string* address) {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterCallbackGenericService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    return UnavailableError("cannot start a baseline server on 127.0.0.1");
  }
  *address = "127.0.0.1:" + std::to_string(port);
  return server;
}

}  // namespace

class BaselineChain::EchoService final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    return new EchoReactor();
  }
};

class BaselineChain::ProxyService final : public grpc::CallbackGenericService {
 public:
  explicit ProxyService(std::shared_ptr<grpc::Channel> upstream) : upstream_(std::move(upstream)) {}

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    return new ProxyReactor(context, &upstream_);
  }

 private:
  grpc::GenericStub upstream_;
};

BaselineChain::BaselineChain() = default;

BaselineChain::~BaselineChain() {
  auto now = std::chrono::system_clock::now();
  if (proxy_server_) proxy_server_->Shutdown(now);
  if (echo_server_) echo_server_->Shutdown(now);
}

Result<std::unique_ptr<BaselineChain>> BaselineChain::Start(int connections) {
  std::unique_ptr<BaselineChain> chain(new BaselineChain());

  chain->echo_ = std::make_unique<EchoService>();
  std::string echo_address;
  auto echo_server = StartServer(chain->echo_.get(), &echo_address);
  if (!echo_server.ok()) return echo_server.status();
  chain->echo_server_ = std::move(*echo_server);

  chain->proxy_ = std::make_unique<ProxyService>(OpenConnection(echo_address, 0));
  auto proxy_server = StartServer(chain->proxy_.get(), &chain->proxy_address_);
  if (!proxy_server.ok()) return proxy_server.status();
  chain->proxy_server_ = std::move(*proxy_server);

  for (int i = 0; i < connections; ++i) {
    chain->clients_.push_back(
        std::make_unique<grpc::GenericStub>(OpenConnection(chain->proxy_address_, i)));
  }
  return chain;
}

AsyncCall BaselineChain::Call(size_t message_bytes, std::chrono::milliseconds timeout) {
  return [this, message_bytes, timeout](int64_t index, int64_t sent_at_us, CallDone done) {
    auto* call = new ClientCall();
    call->context.set_deadline(std::chrono::system_clock::now() + timeout);
    call->context.AddMetadata(kAuthorizationKey, kAuthorization);

    v1::SendMessageRequest request;
    request.set_room_id("baseline");
    request.set_text(StampedText(sent_at_us, message_bytes));
    grpc::Slice wire(request.SerializeAsString());
    call->request = grpc::ByteBuffer(&wire, 1);

    grpc::GenericStub& client = *clients_[index % clients_.size()];
    client.UnaryCall(&call->context, kMethod, grpc::StubOptions(), &call->request,
                     &call->response, [call, done = std::move(done)](grpc::Status status) {
                       // The reply is decoded, as a real client decodes its
                       // message.
                       grpc::StatusCode code = status.error_code();
                       grpc::Slice reply;
                       v1::SendMessageRequest echoed;
                       if (status.ok() &&
                           (!call->response.DumpToSingleSlice(&reply).ok() ||
                            !echoed.ParseFromArray(reply.begin(), static_cast<int>(reply.size())))) {
                         code = grpc::StatusCode::INTERNAL;
                       }
                       delete call;
                       done(code);
                     });
  };
}

}  // namespace dchat::load
