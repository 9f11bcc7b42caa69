#include "dchat/channel.h"

#include <fstream>
#include <sstream>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

namespace dchat {
namespace {

Result<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError(std::string("cannot read ") + what + " file '" + path +
                         "': check the path and its permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const ClientTlsOptions& tls) {
  if (!tls.enabled) return grpc::InsecureChannelCredentials();

  grpc::SslCredentialsOptions ssl;
  if (!tls.ca_file.empty()) {
    auto ca = ReadFile(tls.ca_file, "TLS CA");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
  }
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return InvalidArgumentError(
        "TLS client certificate and key go together: give both or neither");
  }
  if (!tls.cert_file.empty()) {
    auto cert = ReadFile(tls.cert_file, "TLS certificate");
    if (!cert.ok()) return cert.status();
    auto key = ReadFile(tls.key_file, "TLS key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

Result<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& target,
                                                   const ChannelOptions& options) {
  if (target.empty()) {
    return InvalidArgumentError("server address is empty: give HOST:PORT, such as localhost:8080");
  }
  auto credentials = MakeCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();

  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(options.max_receive_bytes);
  if (options.keepalive_ms > 0) {
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, options.keepalive_ms);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    arguments.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  }
  // Reconnect within a second after a server restart instead of gRPC's
  // default back-off of up to two minutes.
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  return grpc::CreateCustomChannel(target, *credentials, arguments);
}

}  // namespace dchat
