// The Subscription that dchat::Client::Subscribe returns: one gateway
// event stream, reopened with the last delivered sequence per room after
// each break. Private to the SDK.
#ifndef DCHAT_SDK_CLIENT_SUBSCRIPTION_H_
#define DCHAT_SDK_CLIENT_SUBSCRIPTION_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "dchat/client.h"
#include "dchat/gateway_client.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat::detail {

// True when a stream that ended with `status` is worth reopening. OK is
// included: a server that closes the stream normally, for example while
// draining, expects the client to resume elsewhere or later.
bool IsRetryableStreamStatus(const Status& status);

class ClientSubscription : public Subscription {
 public:
  // Starts the subscription's thread. `gateway` must outlive this object.
  ClientSubscription(const GatewayClient& gateway, SubscribeOptions options,
                     Client::EventCallback on_event,
                     Client::DoneCallback on_done,
                     Client::ReconnectCallback on_reconnect);
  // Stops, as Stop() does.
  ~ClientSubscription() override;

  void Stop() override;
  bool IsStopped() const override;
  std::map<std::string, int64_t> Cursors() const override;

 private:
  // The subscription's thread: streams, reconnects, and ends with on_done.
  void Run();

  // Opens a stream from the current cursors and publishes it for Stop();
  // null when Stop() came first.
  StreamReader<v1::Event>* OpenStream();
  // Reads the stream until it ends. Returns whether any event arrived.
  bool ReadStream(StreamReader<v1::Event>& stream);
  // Records a message's sequence; false for a duplicate already delivered.
  bool AdvanceCursor(const v1::Message& message);
  // Closes the current stream and returns its final status.
  Status CloseStream();
  // Waits `backoff` unless Stop() comes first. Returns false when stopped.
  bool WaitBeforeReconnect(std::chrono::milliseconds backoff);

  const GatewayClient& gateway_;
  const std::chrono::milliseconds initial_backoff_;
  const std::chrono::milliseconds max_backoff_;
  Client::EventCallback on_event_;
  Client::DoneCallback on_done_;
  Client::ReconnectCallback on_reconnect_;

  mutable std::mutex mutex_;
  std::condition_variable stop_requested_changed_;
  std::map<std::string, int64_t> cursors_;           // guarded by mutex_
  std::unique_ptr<StreamReader<v1::Event>> stream_;  // guarded by mutex_
  bool stop_requested_ = false;                      // guarded by mutex_
  bool finished_ = false;                            // guarded by mutex_
  // Serializes Stop() calls, since a thread may be joined only once.
  std::mutex join_mutex_;

  // Started last, so that every member above exists when Run() begins.
  std::thread thread_;
};

}  // namespace dchat::detail

#endif  // DCHAT_SDK_CLIENT_SUBSCRIPTION_H_
