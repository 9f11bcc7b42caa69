#include "services/gateway/presence_keeper.h"

#include <future>
#include <vector>

#include <spdlog/spdlog.h>

namespace dchat::gateway {

PresenceKeeper::PresenceKeeper(std::shared_ptr<Upstreams> upstreams,
                               std::chrono::milliseconds ttl)
    : upstreams_(std::move(upstreams)), ttl_(ttl), thread_([this] { Run(); }) {}

PresenceKeeper::~PresenceKeeper() { Stop(); }

void PresenceKeeper::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PresenceKeeper::Attach(const Identity& identity, const std::set<std::string>& rooms) {
  v1::HeartbeatRequest request;
  {
    std::lock_guard lock(mutex_);
    Tracked& tracked = users_[identity.user_id];
    tracked.identity = identity;
    tracked.rooms = rooms;
    ++tracked.streams;
    auto chosen = chosen_.find(identity.user_id);
    if (chosen != chosen_.end()) tracked.status = chosen->second;
    request = MakeRequest(tracked);
  }

  // Sent without waiting: the stream must not wait on presence.
  upstreams_->presence->HeartbeatAsync(request, ActingFor(identity));
}

void PresenceKeeper::Detach(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  auto found = users_.find(user_id);
  if (found == users_.end()) return;
  if (--found->second.streams <= 0) users_.erase(found);
}

void PresenceKeeper::UpdateRooms(const std::string& user_id, const std::set<std::string>& rooms) {
  std::lock_guard lock(mutex_);
  auto found = users_.find(user_id);
  if (found != users_.end()) found->second.rooms = rooms;
}

void PresenceKeeper::SetStatus(const std::string& user_id, v1::PresenceStatus status) {
  std::lock_guard lock(mutex_);
  chosen_[user_id] = status;
  auto found = users_.find(user_id);
  if (found != users_.end()) found->second.status = status;
}

v1::HeartbeatRequest PresenceKeeper::MakeRequest(const Tracked& tracked) const {
  v1::HeartbeatRequest request;
  request.set_status(tracked.status);
  request.set_ttl_ms(ttl_.count());
  for (const std::string& room : tracked.rooms) request.add_room_ids(room);
  return request;
}

void PresenceKeeper::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, ttl_ / 3, [this] { return stopping_; });
    if (stopping_) return;
    lock.unlock();
    SendHeartbeats();
    lock.lock();
  }
}

void PresenceKeeper::SendHeartbeats() {
  std::vector<std::pair<Identity, v1::HeartbeatRequest>> requests;
  {
    std::lock_guard lock(mutex_);
    requests.reserve(users_.size());
    for (const auto& [user_id, tracked] : users_) {
      requests.emplace_back(tracked.identity, MakeRequest(tracked));
    }
  }

  std::vector<std::future<Result<v1::Presence>>> replies;
  replies.reserve(requests.size());
  for (const auto& [identity, request] : requests) {
    replies.push_back(upstreams_->presence->HeartbeatAsync(request, ActingFor(identity)));
  }

  int failed = 0;
  Status last_error;
  for (auto& reply : replies) {
    Result<v1::Presence> result = reply.get();
    if (!result.ok()) {
      ++failed;
      last_error = result.status();
    }
  }
  if (failed > 0) {
    spdlog::warn("{} of {} presence heartbeats failed, last: {}", failed, replies.size(),
                 last_error.ToString());
  }
}

}  // namespace dchat::gateway
