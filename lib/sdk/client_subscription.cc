#include "client_subscription.h"

#include <algorithm>
#include <utility>

namespace dchat::detail {

bool IsRetryableStreamStatus(const Status& status) {
  switch (status.code()) {
    case Code::kOk:
    case Code::kUnavailable:
    case Code::kDeadlineExceeded:
    case Code::kCancelled:
    case Code::kResourceExhausted:
    case Code::kInternal:
    case Code::kUnknown:
    case Code::kAborted:
      return true;
    default:
      // UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT, NOT_FOUND,
      // UNIMPLEMENTED and the rest fail the same way on every attempt.
      return false;
  }
}

ClientSubscription::ClientSubscription(const GatewayClient& gateway,
                                       SubscribeOptions options,
                                       Client::EventCallback on_event,
                                       Client::DoneCallback on_done,
                                       Client::ReconnectCallback on_reconnect)
    : gateway_(gateway),
      initial_backoff_(std::max(options.initial_backoff, std::chrono::milliseconds(1))),
      max_backoff_(std::max(options.max_backoff, initial_backoff_)),
      on_event_(std::move(on_event)),
      on_done_(std::move(on_done)),
      on_reconnect_(std::move(on_reconnect)),
      cursors_(std::move(options.after_seq)),
      thread_([this] { Run(); }) {}

ClientSubscription::~ClientSubscription() { Stop(); }

void ClientSubscription::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    if (stream_) stream_->Cancel();
  }
  stop_requested_changed_.notify_all();

  // Joining from the subscription's own thread would deadlock; a callback
  // that calls Stop() only ends the loop.
  std::lock_guard join_lock(join_mutex_);
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
    thread_.join();
  }
}

bool ClientSubscription::IsStopped() const {
  std::lock_guard lock(mutex_);
  return stop_requested_ || finished_;
}

std::map<std::string, int64_t> ClientSubscription::Cursors() const {
  std::lock_guard lock(mutex_);
  return cursors_;
}

void ClientSubscription::Run() {
  Status final_status;
  std::chrono::milliseconds backoff = initial_backoff_;
  while (true) {
    StreamReader<v1::Event>* stream = OpenStream();
    if (stream == nullptr) break;

    bool delivered = ReadStream(*stream);
    Status status = CloseStream();
    if (IsStopped()) break;
    if (!IsRetryableStreamStatus(status)) {
      final_status = status;
      break;
    }

    // A stream that delivered something proved the connection healthy, so
    // the next break starts the back-off over.
    if (delivered) backoff = initial_backoff_;
    if (on_reconnect_) on_reconnect_(status);
    if (!WaitBeforeReconnect(backoff)) break;
    backoff = std::min(backoff * 2, max_backoff_);
  }

  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  if (on_done_) on_done_(final_status);
}

StreamReader<v1::Event>* ClientSubscription::OpenStream() {
  std::lock_guard lock(mutex_);
  if (stop_requested_) return nullptr;

  v1::SubscribeRequest request;
  for (const auto& [room_id, after_seq] : cursors_) {
    v1::RoomCursor* cursor = request.add_cursors();
    cursor->set_room_id(room_id);
    cursor->set_after_seq(after_seq);
  }
  stream_ = gateway_.Subscribe(request);
  return stream_.get();
}

bool ClientSubscription::ReadStream(StreamReader<v1::Event>& stream) {
  bool delivered = false;
  v1::Event event;
  while (stream.Read(&event)) {
    delivered = true;
    if (event.has_message() && !AdvanceCursor(event.message())) continue;
    if (on_event_) on_event_(event);
  }
  return delivered;
}

bool ClientSubscription::AdvanceCursor(const v1::Message& message) {
  std::lock_guard lock(mutex_);

  // After a resume the gateway may repeat what the last stream already
  // delivered. Sequences only grow, so anything at or below the cursor is a
  // copy.
  auto [cursor, inserted] = cursors_.try_emplace(message.room_id(), message.seq());
  if (inserted) return true;
  if (message.seq() <= cursor->second) return false;
  cursor->second = message.seq();
  return true;
}

Status ClientSubscription::CloseStream() {
  std::lock_guard lock(mutex_);
  Status status = stream_->Finish();
  stream_.reset();
  return status;
}

bool ClientSubscription::WaitBeforeReconnect(std::chrono::milliseconds backoff) {
  std::unique_lock lock(mutex_);
  return !stop_requested_changed_.wait_for(lock, backoff,
                                           [this] { return stop_requested_; });
}

}  // namespace dchat::detail
