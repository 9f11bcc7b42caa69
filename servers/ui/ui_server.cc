#include "ui/ui_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <future>

#include <spdlog/spdlog.h>

#include "ui/http_util.h"

namespace dchat::ui {

Result<tcp::endpoint> ResolveListenAddress(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgumentError("invalid --listen '" + address + "': expected HOST:PORT");
  }
  std::string host = address.substr(0, colon);
  std::optional<long long> port = ParseInteger(address.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) {
    return InvalidArgumentError("invalid port in --listen '" + address + "': expected 0 to 65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }

  net::io_context io;
  tcp::resolver resolver(io);
  beast::error_code error;
  auto results = resolver.resolve(host, std::to_string(*port), tcp::resolver::numeric_service, error);
  if (error || results.empty()) {
    return InvalidArgumentError("cannot resolve --listen host '" + host + "': " +
                                (error ? error.message() : "no addresses"));
  }
  return results.begin()->endpoint();
}

namespace {

// File descriptors kept apart from connections: the listener, gateway
// channels, logs.
constexpr rlim_t kSpareDescriptors = 256;

// Raises the soft limit on open files to what --max-connections needs, up
// to the hard limit, and warns when that is not enough: accept() would
// then fail with EMFILE before the connection limit applies.
void FitOpenFileLimit(size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;

  rlim_t needed = static_cast<rlim_t>(max_connections) + kSpareDescriptors;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? needed : std::min(needed, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    spdlog::warn(
        "the open file limit is {}, below the {} that --max-connections {} needs; new "
        "connections fail beyond it: raise it (ulimit -n) or lower --max-connections",
        limit.rlim_cur, needed, max_connections);
  }
}

}  // namespace

UiServer::UiServer(std::shared_ptr<SharedState> state, int io_threads)
    : state_(std::move(state)), io_(io_threads), sweep_timer_(io_), io_threads_(io_threads) {}

Result<std::unique_ptr<UiServer>> UiServer::Start(const UiOptions& options) {
  Result<tcp::endpoint> endpoint = ResolveListenAddress(options.listen);
  if (!endpoint.ok()) return endpoint.status();
  Result<std::shared_ptr<SharedState>> state = SharedState::Create(options);
  if (!state.ok()) return state.status();
  FitOpenFileLimit(options.max_connections);

  int io_threads = options.io_threads > 0
                       ? options.io_threads
                       : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::unique_ptr<UiServer> server(new UiServer(*state, io_threads));

  Result<std::shared_ptr<Listener>> listener = Listener::Create(server->io_, *endpoint, *state);
  if (!listener.ok()) {
    (*state)->Shutdown();
    return listener.status();
  }
  server->listener_ = std::move(*listener);
  server->listener_->Run();
  server->ScheduleSweep();

  for (int i = 0; i < io_threads; ++i) {
    server->threads_.emplace_back([io = &server->io_] { io->run(); });
  }
  return server;
}

UiServer::~UiServer() { Shutdown(); }

std::string UiServer::address() const {
  tcp::endpoint endpoint = listener_->local_endpoint();
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint.port());
}

void UiServer::ScheduleSweep() {
  sweep_timer_.expires_after(state_->options().sweep_interval);
  sweep_timer_.async_wait([this](beast::error_code error) {
    if (error) return;
    state_->Sweep();
    ScheduleSweep();
  });
}

void UiServer::ServeUntilSignal() {
  net::signal_set signals(io_, SIGINT, SIGTERM);
  std::promise<int> received;
  signals.async_wait([&received](beast::error_code error, int signal) {
    received.set_value(error ? 0 : signal);
  });
  int signal = received.get_future().get();
  spdlog::info("received signal {}; shutting down", signal);
  Shutdown();
}

void UiServer::Shutdown() {
  if (threads_.empty()) return;

  listener_->Stop();
  net::post(io_, [this] { sweep_timer_.cancel(); });
  state_->Shutdown();

  // Give the close frames a moment to go out, then stop the I/O, which
  // also drops idle keep-alive connections.
  net::steady_timer grace(io_, std::chrono::milliseconds(300));
  grace.async_wait([this](beast::error_code) { io_.stop(); });
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

}  // namespace dchat::ui
