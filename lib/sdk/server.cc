#include "dchat/server.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <spdlog/spdlog.h>

#include "dchat/metadata.h"
#include "sdk/thread_pool.h"

namespace dchat {
namespace {

Result<std::string> ReadPemFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError(std::string("cannot read ") + what + " '" + path +
                         "': check the path and its permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsOptions& tls) {
  if (!tls.enabled) return grpc::InsecureServerCredentials();
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    return InvalidArgumentError("TLS needs both a certificate file and a key file (--tls-cert, --tls-key)");
  }
  auto cert = ReadPemFile(tls.cert_file, "TLS certificate");
  if (!cert.ok()) return cert.status();
  auto key = ReadPemFile(tls.key_file, "TLS key");
  if (!key.ok()) return key.status();

  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadPemFile(tls.client_ca_file, "TLS client CA");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= a[i] ^ b[i];
  return difference == 0;
}

// The write end of the pipe that the signal handler writes to; -1 until
// ShutdownOnSignals() first runs.
std::atomic<int> signal_pipe_write{-1};

void OnShutdownSignal(int signal_number) {
  unsigned char byte = static_cast<unsigned char>(signal_number);
  int fd = signal_pipe_write.load();
  if (fd >= 0) [[maybe_unused]] ssize_t written = write(fd, &byte, 1);
}

// The servers that a shutdown signal stops. A server leaves the list in its
// destructor, which waits while a signal-triggered shutdown is running.
class SignalTargets {
 public:
  void Add(Server* server) {
    std::lock_guard lock(mutex_);
    servers_.insert(server);
  }
  void Remove(Server* server) {
    std::lock_guard lock(mutex_);
    servers_.erase(server);
  }
  void ShutdownAll() {
    std::lock_guard lock(mutex_);
    for (Server* server : servers_) server->Shutdown();
  }

 private:
  std::mutex mutex_;
  std::set<Server*> servers_;  // guarded by mutex_
};

SignalTargets& Targets() {
  static auto* targets = new SignalTargets();  // never destroyed: the watcher may outlive main
  return *targets;
}

}  // namespace

class Server::Impl : public detail::ServerRuntime {
 public:
  Impl(ServerOptions options, std::vector<std::shared_ptr<Service>> services)
      : options_(std::move(options)),
        services_(std::move(services)),
        logger_(options_.logger ? options_.logger : spdlog::default_logger()),
        pool_(std::make_unique<detail::ThreadPool>(options_.worker_threads)) {}

  Status Start() {
    auto credentials = MakeServerCredentials(options_.tls);
    if (!credentials.ok()) return credentials.status();

    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();

    grpc::ServerBuilder builder;
    builder.AddListeningPort(options_.address, *credentials, &port_);
    builder.SetMaxReceiveMessageSize(options_.max_receive_bytes);
    // gRPC sets SO_REUSEPORT by default, which lets a second server share a
    // port that is already taken; a busy port must fail instead.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    // SDK channels ping idle connections every 20 s (ChannelOptions::
    // keepalive_ms) so that long event streams notice a dead peer. gRPC's
    // server default treats pings more often than every 5 minutes as abuse
    // and closes the connection with "too_many_pings", which would break
    // every quiet stream, so pings down to every 10 s are accepted.
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    for (const auto& service : services_) {
      service->runtime_ = this;
      builder.RegisterService(service->grpc_service());
    }
    server_ = builder.BuildAndStart();
    if (!server_ || port_ == 0) {
      server_.reset();
      return UnavailableError("cannot listen on " + options_.address +
                              ": the port is in use or the host is not a local address; "
                              "choose another address");
    }

    SetServing(true);
    for (const auto& service : services_) service->OnStart();
    logger_->info("listening on {} ({} worker threads, TLS {})", address(),
                  options_.worker_threads, options_.tls.enabled ? "on" : "off");
    return OkStatus();
  }

  void Shutdown() {
    {
      std::unique_lock lock(mutex_);
      if (shutdown_started_) {
        // WaitUntilDone takes the lock itself.
        lock.unlock();
        WaitUntilDone();
        return;
      }
      shutdown_started_ = true;
    }
    logger_->info("shutting down: ending open streams, waiting up to {} ms for calls in flight",
                  options_.shutdown_grace.count());
    SetServing(false);
    for (const auto& service : services_) service->OnShutdown();
    EndOpenStreams();

    server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
    server_->Wait();
    pool_.reset();

    logger_->info("stopped");
    {
      std::lock_guard lock(mutex_);
      shutdown_done_ = true;
    }
    done_.notify_all();
  }

  void Wait() { WaitUntilDone(); }

  int port() const { return port_; }

  std::string address() const {
    std::string host = options_.address.substr(0, options_.address.rfind(':'));
    return host + ":" + std::to_string(port_);
  }

  // ServerRuntime
  void Submit(std::function<void()> task) override { pool_->Submit(std::move(task)); }
  spdlog::logger& logger() override { return *logger_; }
  size_t stream_queue_limit() const override { return options_.stream_queue_limit; }

  Status Admit(const grpc::CallbackServerContext& context) const override {
    if (options_.internal_token.empty()) return OkStatus();
    const auto& metadata = context.client_metadata();
    auto found = metadata.find(kInternalTokenKey);
    if (found != metadata.end() &&
        ConstantTimeEquals(std::string_view(found->second.data(), found->second.size()),
                           options_.internal_token)) {
      return OkStatus();
    }
    return UnauthenticatedError(
        "missing or wrong internal token: internal services accept calls only from a "
        "gateway started with the same --internal-token");
  }

  bool Track(const std::shared_ptr<detail::OpenStream>& stream) override {
    std::lock_guard lock(mutex_);
    if (shutdown_started_) return false;
    open_streams_[stream.get()] = stream;
    return true;
  }

  void Untrack(const detail::OpenStream* stream) override {
    std::lock_guard lock(mutex_);
    open_streams_.erase(stream);
  }

  void LogCall(std::string_view method, const CallContext& call,
               const Status& status,
               std::chrono::steady_clock::duration elapsed) override {
    double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    const std::string& actor = call.actor_id();
    switch (status.code()) {
      case Code::kOk:
        logger_->debug("{} OK {:.2f} ms peer={} actor={}", method, ms, call.peer(), actor);
        break;
      case Code::kInternal:
      case Code::kUnknown:
      case Code::kDataLoss:
      case Code::kUnavailable:
        logger_->warn("{} {} {:.2f} ms peer={} actor={}", method, status.ToString(), ms,
                      call.peer(), actor);
        break;
      default:
        logger_->info("{} {} {:.2f} ms peer={} actor={}", method, status.ToString(), ms,
                      call.peer(), actor);
    }
  }

 private:
  void WaitUntilDone() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return shutdown_done_; });
  }

  void SetServing(bool serving) {
    grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
    if (health == nullptr) return;
    health->SetServingStatus(serving);
    for (const auto& service : services_) {
      health->SetServingStatus(std::string(service->service_name()), serving);
    }
  }

  void EndOpenStreams() {
    std::vector<std::shared_ptr<detail::OpenStream>> streams;
    {
      std::lock_guard lock(mutex_);
      for (auto& [key, weak] : open_streams_) {
        if (auto stream = weak.lock()) streams.push_back(std::move(stream));
      }
    }
    Status status = UnavailableError("server is shutting down: reconnect and resume");
    for (const auto& stream : streams) stream->EndForShutdown(status);
  }

  ServerOptions options_;
  std::vector<std::shared_ptr<Service>> services_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<detail::ThreadPool> pool_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;

  std::mutex mutex_;
  std::condition_variable done_;
  bool shutdown_started_ = false;  // guarded by mutex_
  bool shutdown_done_ = false;     // guarded by mutex_
  std::map<const detail::OpenStream*, std::weak_ptr<detail::OpenStream>>
      open_streams_;  // guarded by mutex_
};

Result<std::unique_ptr<Server>> Server::Start(
    ServerOptions options, std::vector<std::shared_ptr<Service>> services) {
  if (options.worker_threads < 1) {
    return InvalidArgumentError("worker_threads is " + std::to_string(options.worker_threads) +
                                ": use at least 1");
  }
  if (options.address.find(':') == std::string::npos) {
    return InvalidArgumentError("listen address '" + options.address +
                                "' has no port: use HOST:PORT, such as 127.0.0.1:50053");
  }
  if (options.stream_queue_limit < 2) {
    return InvalidArgumentError("stream_queue_limit must be at least 2");
  }
  for (const auto& service : services) {
    if (!service) return InvalidArgumentError("a service to host is null");
  }

  auto impl = std::make_unique<Impl>(std::move(options), std::move(services));
  Status started = impl->Start();
  if (!started.ok()) return started;
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  Targets().Remove(this);
  Shutdown();
}

int Server::port() const { return impl_->port(); }
std::string Server::address() const { return impl_->address(); }
void Server::Shutdown() { impl_->Shutdown(); }
void Server::Wait() { impl_->Wait(); }

void Server::ShutdownOnSignals() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      spdlog::error("cannot create the signal pipe: {}", std::strerror(errno));
      return;
    }
    signal_pipe_write.store(fds[1]);

    struct sigaction action {};
    action.sa_handler = OnShutdownSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    std::thread([read_fd = fds[0]] {
      unsigned char byte = 0;
      while (read(read_fd, &byte, 1) != 1) {
      }
      spdlog::info("received signal {}, shutting down", static_cast<int>(byte));
      Targets().ShutdownAll();
    }).detach();
  });
  Targets().Add(this);
}

}  // namespace dchat
