#include "ui/ui_session.h"

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "ui/json_codec.h"

namespace dchat::ui {

UiSession::UiSession(std::string id, std::string csrf_token, v1::User user,
                     std::unique_ptr<Client> client, Clock::time_point now)
    : id_(std::move(id)),
      csrf_token_(std::move(csrf_token)),
      user_(std::move(user)),
      client_(std::move(client)),
      last_used_(now.time_since_epoch().count()),
      unused_since_(now) {}

UiSession::~UiSession() {
  // End() has normally taken the stream out already. SharedState stops a
  // taken stream while it keeps a reference to the session, so the last
  // reference is not dropped inside one of the stream's callbacks, where
  // Stop() would wait for itself.
  if (stream_) stream_->Stop();
}

void UiSession::Touch(Clock::time_point now) {
  last_used_.store(now.time_since_epoch().count(), std::memory_order_relaxed);
}

UiSession::Clock::time_point UiSession::last_used() const {
  return Clock::time_point(Clock::duration(last_used_.load(std::memory_order_relaxed)));
}

bool UiSession::TryAddSocket(size_t max) {
  size_t open = open_sockets_.load(std::memory_order_relaxed);
  do {
    if (open >= max) return false;
  } while (!open_sockets_.compare_exchange_weak(open, open + 1, std::memory_order_relaxed));
  return true;
}

void UiSession::RemoveSocket() { open_sockets_.fetch_sub(1, std::memory_order_relaxed); }

bool UiSession::Attach(const std::shared_ptr<EventSink>& sink) {
  bool start = false;
  bool ready = false;
  bool ended = false;
  {
    std::lock_guard lock(mutex_);
    ended = ended_;
    if (!ended) {
      sinks_.push_back(sink);
      if (!stream_ && !stream_starting_ && !stream_failure_) {
        stream_starting_ = true;
        start = true;
      }
      ready = stream_ready_;
    }
  }

  if (ended) {
    sink->OnStreamEnded(/*signed_out=*/true);
    return false;
  }
  if (start) StartStream();
  return ready;
}

void UiSession::Detach(const EventSink* sink) {
  std::lock_guard lock(mutex_);
  auto gone = [sink](const std::weak_ptr<EventSink>& weak) {
    std::shared_ptr<EventSink> strong = weak.lock();
    return !strong || strong.get() == sink;
  };
  sinks_.erase(std::remove_if(sinks_.begin(), sinks_.end(), gone), sinks_.end());
  if (sinks_.empty()) unused_since_ = Clock::now();
}

void UiSession::StartStream() {
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = ++generation_;
    stream_ready_ = false;
  }

  // The callbacks hold a weak reference: the session owns the stream, so a
  // strong one would keep both alive forever.
  std::weak_ptr<UiSession> weak = weak_from_this();
  auto on_event = [weak, generation](const v1::Event& event) {
    if (auto self = weak.lock()) self->OnGatewayEvent(generation, event);
  };
  auto on_done = [weak, generation](const Status& status) {
    if (auto self = weak.lock()) self->OnGatewayDone(generation, status);
  };
  auto on_reconnect = [weak, generation](const Status& status) {
    if (auto self = weak.lock()) self->OnGatewayReconnect(generation, status);
  };
  std::unique_ptr<Subscription> stream =
      client_->Subscribe(SubscribeOptions{}, on_event, on_done, on_reconnect);
  spdlog::debug("ui session of user {} opened its event stream", user_.user_id());

  std::lock_guard lock(mutex_);
  stream_ = std::move(stream);
  stream_starting_ = false;
}

std::vector<std::shared_ptr<EventSink>> UiSession::LiveSinks() {
  std::vector<std::shared_ptr<EventSink>> live;
  live.reserve(sinks_.size());
  for (const std::weak_ptr<EventSink>& weak : sinks_) {
    if (std::shared_ptr<EventSink> sink = weak.lock()) live.push_back(std::move(sink));
  }
  return live;
}

void UiSession::OnGatewayEvent(uint64_t generation, const v1::Event& event) {
  std::vector<std::shared_ptr<EventSink>> sinks;
  {
    std::lock_guard lock(mutex_);
    if (generation != generation_ || ended_) return;
    if (event.has_ready()) stream_ready_ = true;
    sinks = LiveSinks();
  }

  if (event.has_ready()) {
    for (const auto& sink : sinks) sink->OnStreamReady();
    return;
  }

  // Serialize once; every socket shares the frame.
  OutboundEvent outbound;
  if (event.has_message()) {
    outbound.room_id = event.message().room_id();
    outbound.seq = event.message().seq();
  }
  outbound.frame = std::make_shared<const std::string>(DumpJson(EventJson(event)));
  for (const auto& sink : sinks) sink->OnEvent(outbound);
}

void UiSession::OnGatewayReconnect(uint64_t generation, const Status& status) {
  std::vector<std::shared_ptr<EventSink>> sinks;
  {
    std::lock_guard lock(mutex_);
    if (generation != generation_ || ended_) return;
    stream_ready_ = false;
    sinks = LiveSinks();
  }

  spdlog::info("event stream of user {} broke ({}); reconnecting", user_.user_id(),
               status.ToString());
  for (const auto& sink : sinks) sink->OnStreamLost();
}

void UiSession::OnGatewayDone(uint64_t generation, const Status& status) {
  std::lock_guard lock(mutex_);
  if (generation != generation_ || ended_) return;
  stream_ready_ = false;
  stream_failure_ = status.ok() ? Status(Code::kUnavailable, "event stream ended") : status;
  spdlog::warn("event stream of user {} ended: {}", user_.user_id(), status.ToString());
}

UiSession::Health UiSession::health() const {
  std::lock_guard lock(mutex_);
  if (!stream_failure_) return Health::kFine;
  if (stream_failure_->code() == Code::kUnauthenticated) return Health::kSignedOut;
  return Health::kStreamBroken;
}

std::unique_ptr<Subscription> UiSession::TakeUnusedStream(Clock::time_point now,
                                                          std::chrono::seconds grace) {
  std::vector<std::shared_ptr<EventSink>> broken_sinks;
  std::unique_ptr<Subscription> taken;
  {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<EventSink>> live = LiveSinks();
    if (live.empty() && !sinks_.empty()) {
      sinks_.clear();
      unused_since_ = now;
    }

    if (stream_failure_ && stream_failure_->code() != Code::kUnauthenticated) {
      // Close the sockets, so that their pages reconnect and open a fresh
      // stream.
      stream_failure_.reset();
      broken_sinks = std::move(live);
      sinks_.clear();
      taken = std::move(stream_);
    } else if (stream_ && live.empty() && now - unused_since_ >= grace) {
      taken = std::move(stream_);
    }
    if (taken) {
      ++generation_;
      stream_ready_ = false;
    }
  }

  for (const auto& sink : broken_sinks) sink->OnStreamEnded(/*signed_out=*/false);
  return taken;
}

std::unique_ptr<Subscription> UiSession::End(bool signed_out) {
  std::vector<std::shared_ptr<EventSink>> sinks;
  std::unique_ptr<Subscription> taken;
  {
    std::lock_guard lock(mutex_);
    if (ended_) return nullptr;
    ended_ = true;
    ++generation_;
    sinks = LiveSinks();
    sinks_.clear();
    taken = std::move(stream_);
  }

  for (const auto& sink : sinks) sink->OnStreamEnded(signed_out);
  return taken;
}

bool UiSession::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

}  // namespace dchat::ui
