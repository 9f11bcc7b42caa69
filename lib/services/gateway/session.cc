#include "services/gateway/session.h"

#include <spdlog/spdlog.h>

namespace dchat::gateway {

std::shared_ptr<Session> Session::Create(Identity identity, std::shared_ptr<Stream> stream,
                                         std::shared_ptr<Upstreams> upstreams, Executor execute) {
  std::shared_ptr<Session> session(
      new Session(std::move(identity), std::move(stream), std::move(upstreams)));
  session->CreateFeed(std::move(execute));
  return session;
}

Session::Session(Identity identity, std::shared_ptr<Stream> stream,
                 std::shared_ptr<Upstreams> upstreams)
    : identity_(std::move(identity)), stream_(std::move(stream)), upstreams_(std::move(upstreams)) {}

void Session::CreateFeed(Executor execute) {
  std::weak_ptr<Session> weak_self = weak_from_this();
  services::CatchUpFeed::Callbacks callbacks;

  callbacks.read_after = [weak_self](const std::string& room_id, int64_t after_seq,
                                     int limit) -> Result<services::StoredPage> {
    auto self = weak_self.lock();
    if (!self) return CancelledError("event stream closed");
    return self->ReadAfter(room_id, after_seq, limit);
  };
  callbacks.emit = [weak_self](const v1::Message& message) {
    auto self = weak_self.lock();
    if (!self) return false;
    v1::Event event;
    *event.mutable_message() = message;
    return self->stream_->Write(std::move(event));
  };
  callbacks.emit_ready = [weak_self] {
    auto self = weak_self.lock();
    return self && self->EmitReady();
  };
  callbacks.execute = std::move(execute);
  callbacks.on_error = [weak_self](const Status& status) {
    auto self = weak_self.lock();
    if (!self) return;
    spdlog::warn("event stream of user {} ends: reading history failed: {}",
                 self->identity_.user_id, status.ToString());
    self->stream_->Finish(UnavailableError("message history is unavailable (" + status.message() +
                                           "): resubscribe with your last sequence per room"));
  };
  feed_ = std::make_shared<services::CatchUpFeed>(std::move(callbacks));
}

bool Session::EmitReady() {
  // Runs under the feed's lock. No code holds mutex_ while it calls into
  // the feed, so taking mutex_ here cannot deadlock.
  // mutable_ready() sets the oneof even when no room is followed; without
  // it a user without rooms would get an empty event and no ready marker.
  v1::Event event;
  v1::StreamReady* ready = event.mutable_ready();
  for (const std::string& room : rooms()) ready->add_room_ids(room);
  return stream_->Write(std::move(event));
}

void Session::Follow(const std::string& room_id, int64_t after_seq) {
  {
    std::lock_guard lock(mutex_);
    rooms_.insert(room_id);
  }
  feed_->Follow(room_id, after_seq);
}

void Session::Unfollow(const std::string& room_id) {
  {
    std::lock_guard lock(mutex_);
    rooms_.erase(room_id);
  }
  feed_->Unfollow(room_id);
}

std::set<std::string> Session::rooms() const {
  std::lock_guard lock(mutex_);
  return rooms_;
}

void Session::Start() { feed_->Start(); }

void Session::Stop() { feed_->Stop(); }

void Session::Deliver(const v1::Event& event) {
  if (!stream_->Write(event)) dropped_.fetch_add(1);
}

Result<services::StoredPage> Session::ReadAfter(const std::string& room_id, int64_t after_seq,
                                               int limit) {
  v1::ListMessagesRequest request;
  request.set_room_id(room_id);
  if (limit == 0) {
    // Only the newest sequence is wanted, and the newest page carries it.
    request.set_limit(1);
  } else {
    request.set_after_seq(after_seq);
    request.set_limit(limit);
  }

  Result<v1::ListMessagesResponse> page = upstreams_->messages->ListMessages(request);
  if (!page.ok()) return page.status();

  services::StoredPage stored;
  stored.last_seq = page->last_seq();
  if (limit == 0) return stored;
  stored.messages.assign(std::make_move_iterator(page->mutable_messages()->begin()),
                         std::make_move_iterator(page->mutable_messages()->end()));
  return stored;
}

}  // namespace dchat::gateway
