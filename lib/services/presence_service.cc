// The reference presence service: online and away statuses with a time to
// live, typing notices and room rosters, all kept in memory, and a live
// stream of their changes.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "dchat/reference_services.h"
#include "internal/validation.h"
#include "services/handler_support.h"
#include "services/stream_hub.h"

namespace dchat {
namespace {

using SteadyClock = std::chrono::steady_clock;
using PresenceHub = services::StreamHub<v1::PresenceWatchEvent>;

constexpr int64_t kMinTtlMs = 1000;
constexpr int64_t kMaxTtlMs = 3'600'000;
constexpr int kMaxHeartbeatRooms = 1000;
constexpr int kMaxWatchedRooms = 1000;
constexpr int kMaxPresenceUsers = 500;
constexpr size_t kMaxRosterEntries = 1000;
constexpr size_t kMaxUserIdBytes = 128;
// A user who keeps typing re-announces it at most this often per room, so
// keystroke-rate SetTyping calls cost watchers one event a second.
constexpr auto kTypingRepeatInterval = std::chrono::seconds(1);

int64_t ToMicros(SteadyClock::duration duration) {
  return std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
}

Status ValidateStatus(v1::PresenceStatus status) {
  switch (status) {
    case v1::PRESENCE_STATUS_ONLINE:
    case v1::PRESENCE_STATUS_AWAY:
    case v1::PRESENCE_STATUS_OFFLINE:
      return OkStatus();
    default:
      return InvalidArgumentError("status " + std::to_string(status) +
                                  " is invalid: use PRESENCE_STATUS_ONLINE, "
                                  "PRESENCE_STATUS_AWAY or PRESENCE_STATUS_OFFLINE");
  }
}

Result<SteadyClock::duration> ResolveTtl(int64_t ttl_ms, std::chrono::milliseconds fallback) {
  if (ttl_ms == 0) return SteadyClock::duration(fallback);
  if (ttl_ms >= kMinTtlMs && ttl_ms <= kMaxTtlMs) {
    return SteadyClock::duration(std::chrono::milliseconds(ttl_ms));
  }
  return InvalidArgumentError("ttl_ms " + std::to_string(ttl_ms) + " is out of range: use " +
                              std::to_string(kMinTtlMs) + " to " + std::to_string(kMaxTtlMs) +
                              ", or 0 for the default of " + std::to_string(fallback.count()));
}

Status ValidateUserIds(const google::protobuf::RepeatedPtrField<std::string>& user_ids) {
  if (user_ids.size() > kMaxPresenceUsers) {
    return InvalidArgumentError("user_ids has " + std::to_string(user_ids.size()) +
                                " entries: give at most " + std::to_string(kMaxPresenceUsers));
  }
  for (int i = 0; i < user_ids.size(); ++i) {
    const std::string& user_id = user_ids[i];
    if (user_id.empty() || user_id.size() > kMaxUserIdBytes) {
      return InvalidArgumentError("user_ids[" + std::to_string(i) + "] " +
                                  internal::QuoteValue(user_id) + " is not a user id");
    }
  }
  return OkStatus();
}

std::vector<std::string> Difference(const std::vector<std::string>& sorted,
                                    const std::vector<std::string>& sorted_minus) {
  std::vector<std::string> difference;
  std::set_difference(sorted.begin(), sorted.end(), sorted_minus.begin(), sorted_minus.end(),
                      std::back_inserter(difference));
  return difference;
}

class PresenceService final : public PresenceServiceBase {
 public:
  explicit PresenceService(PresenceServiceOptions options)
      : options_(options),
        watchers_(std::make_shared<PresenceHub>("presence watcher too slow; reconnect")) {
    sweeper_ = std::thread([this] { SweepUntilStopped(); });
  }

  ~PresenceService() override { StopSweeper(); }

  void OnShutdown() override { StopSweeper(); }

  Result<v1::Presence> Heartbeat(const CallContext& call,
                                 const v1::HeartbeatRequest& request) override;
  Result<v1::SetTypingResponse> SetTyping(const CallContext& call,
                                          const v1::SetTypingRequest& request) override;
  Result<v1::GetPresenceResponse> GetPresence(const CallContext& call,
                                              const v1::GetPresenceRequest& request) override;
  Result<v1::GetRosterResponse> GetRoster(const CallContext& call,
                                          const v1::GetRosterRequest& request) override;
  void Watch(const v1::WatchPresenceRequest& request,
             std::shared_ptr<ServerStream<v1::PresenceWatchEvent>> stream) override;

 private:
  // The presence of a user who is online or away. Offline users have none.
  struct UserState {
    v1::PresenceStatus status = v1::PRESENCE_STATUS_UNSPECIFIED;
    std::string username;
    std::vector<std::string> room_ids;  // sorted, no duplicates
    SteadyClock::time_point expires_at;
    int64_t expires_at_us = 0;  // system clock, for replies
    int64_t changed_at_us = 0;
  };

  struct TypingState {
    SteadyClock::time_point expires_at;
    SteadyClock::time_point announced_at;
    int64_t expires_at_us = 0;  // system clock, for replies
  };

  // By room id, then user id.
  using TypingKey = std::pair<std::string, std::string>;

  v1::Presence SetStatus(const CallContext& call, v1::PresenceStatus status,
                         SteadyClock::duration ttl, std::vector<std::string> room_ids);
  v1::Presence EndPresence(const CallContext& call);

  // These require mutex_ held.
  void SetRooms(const std::string& user_id, UserState& state, std::vector<std::string> room_ids);
  void RemoveUser(std::map<std::string, UserState>::iterator user, int64_t now_us);
  bool IsTyping(const std::string& room_id, const std::string& user_id,
                SteadyClock::time_point now) const;
  void PublishPresence(const std::string& user_id, const UserState& state,
                       const std::vector<std::string>& room_ids);
  void SweepExpired();

  void SweepUntilStopped();
  void StopSweeper();

  const PresenceServiceOptions options_;
  const std::shared_ptr<PresenceHub> watchers_;

  // Events are published with mutex_ held, so watchers see each user's
  // changes in the order they happened. Publishing only queues, so the lock
  // is never held while waiting for a client.
  mutable std::mutex mutex_;
  std::map<std::string, UserState> users_;                      // guarded by mutex_
  std::map<std::string, std::set<std::string>> users_by_room_;  // guarded by mutex_
  std::map<TypingKey, TypingState> typing_;                     // guarded by mutex_
  bool stopping_ = false;                                       // guarded by mutex_
  std::condition_variable stop_requested_;

  std::thread sweeper_;  // started last, joined before the members above go
};

v1::Presence ToProto(const std::string& user_id, v1::PresenceStatus status,
                     const std::string& username, int64_t expires_at_us, int64_t changed_at_us) {
  v1::Presence presence;
  presence.set_user_id(user_id);
  presence.set_status(status);
  presence.set_expires_at_us(expires_at_us);
  presence.set_changed_at_us(changed_at_us);
  presence.set_username(username);
  return presence;
}

Result<v1::Presence> PresenceService::Heartbeat(const CallContext& call,
                                                const v1::HeartbeatRequest& request) {
  DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
  DCHAT_RETURN_IF_ERROR(ValidateStatus(request.status()));
  Result<SteadyClock::duration> ttl = ResolveTtl(request.ttl_ms(), options_.default_ttl);
  if (!ttl.ok()) return ttl.status();
  Result<std::set<std::string>> room_ids =
      services::ParseRoomIds(request.room_ids(), "room_ids", kMaxHeartbeatRooms);
  if (!room_ids.ok()) return room_ids.status();

  if (request.status() == v1::PRESENCE_STATUS_OFFLINE) return EndPresence(call);
  return SetStatus(call, request.status(), *ttl,
                   std::vector<std::string>(room_ids->begin(), room_ids->end()));
}

v1::Presence PresenceService::SetStatus(const CallContext& call, v1::PresenceStatus status,
                                        SteadyClock::duration ttl,
                                        std::vector<std::string> room_ids) {
  const SteadyClock::time_point now = SteadyClock::now();
  const int64_t now_us = internal::NowMicros();

  std::lock_guard lock(mutex_);
  auto [user, inserted] = users_.try_emplace(call.actor_id());
  UserState& state = user->second;

  // A status that expired but was not swept yet counts as offline.
  const bool was_offline = inserted || state.expires_at <= now;
  const bool changed = was_offline || state.status != status;
  const std::vector<std::string> new_rooms =
      was_offline ? room_ids : Difference(room_ids, state.room_ids);

  state.status = status;
  state.username = call.actor_name();
  state.expires_at = now + ttl;
  state.expires_at_us = now_us + ToMicros(ttl);
  if (changed) state.changed_at_us = now_us;
  SetRooms(call.actor_id(), state, std::move(room_ids));

  // Refreshing heartbeats send nothing. Rooms the user has just entered
  // still hear of the status, or their rosters would stay stale until the
  // next change.
  if (changed) {
    PublishPresence(call.actor_id(), state, state.room_ids);
  } else if (!new_rooms.empty()) {
    PublishPresence(call.actor_id(), state, new_rooms);
  }
  return ToProto(call.actor_id(), state.status, state.username, state.expires_at_us,
                 state.changed_at_us);
}

v1::Presence PresenceService::EndPresence(const CallContext& call) {
  const int64_t now_us = internal::NowMicros();

  std::lock_guard lock(mutex_);
  auto user = users_.find(call.actor_id());
  if (user == users_.end()) {
    return ToProto(call.actor_id(), v1::PRESENCE_STATUS_OFFLINE, call.actor_name(), 0, 0);
  }
  RemoveUser(user, now_us);
  return ToProto(call.actor_id(), v1::PRESENCE_STATUS_OFFLINE, call.actor_name(), 0, now_us);
}

void PresenceService::SetRooms(const std::string& user_id, UserState& state,
                               std::vector<std::string> room_ids) {
  for (const std::string& room_id : Difference(state.room_ids, room_ids)) {
    auto room = users_by_room_.find(room_id);
    room->second.erase(user_id);
    if (room->second.empty()) users_by_room_.erase(room);
  }
  for (const std::string& room_id : room_ids) users_by_room_[room_id].insert(user_id);
  state.room_ids = std::move(room_ids);
}

void PresenceService::RemoveUser(std::map<std::string, UserState>::iterator user,
                                 int64_t now_us) {
  const std::string user_id = user->first;
  UserState& state = user->second;
  state.status = v1::PRESENCE_STATUS_OFFLINE;
  state.expires_at_us = 0;
  state.changed_at_us = now_us;
  PublishPresence(user_id, state, state.room_ids);

  // Going offline also ends the user's typing notices.
  for (const std::string& room_id : state.room_ids) typing_.erase({room_id, user_id});
  SetRooms(user_id, state, {});
  users_.erase(user);
}

void PresenceService::PublishPresence(const std::string& user_id, const UserState& state,
                                      const std::vector<std::string>& room_ids) {
  v1::PresenceWatchEvent event;
  v1::PresenceEvent* presence = event.mutable_presence();
  *presence->mutable_presence() = ToProto(user_id, state.status, state.username,
                                          state.expires_at_us, state.changed_at_us);
  for (const std::string& room_id : room_ids) presence->add_room_ids(room_id);
  watchers_->Publish(event, room_ids);
}

Result<v1::SetTypingResponse> PresenceService::SetTyping(const CallContext& call,
                                                         const v1::SetTypingRequest& request) {
  DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
  Result<std::string> room_id = services::ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();

  const SteadyClock::time_point now = SteadyClock::now();
  const int64_t expires_at_us = internal::NowMicros() + ToMicros(options_.typing_ttl);

  std::lock_guard lock(mutex_);
  auto [notice, inserted] = typing_.try_emplace({*room_id, call.actor_id()});
  TypingState& state = notice->second;
  const bool announce = inserted || state.expires_at <= now ||
                        now - state.announced_at >= kTypingRepeatInterval;
  state.expires_at = now + options_.typing_ttl;
  state.expires_at_us = expires_at_us;

  if (announce) {
    state.announced_at = now;
    v1::PresenceWatchEvent event;
    v1::TypingEvent* typing = event.mutable_typing();
    typing->set_room_id(*room_id);
    typing->set_user_id(call.actor_id());
    typing->set_expires_at_us(expires_at_us);
    watchers_->Publish(event, {*room_id});
  }

  v1::SetTypingResponse response;
  response.set_expires_at_us(expires_at_us);
  return response;
}

Result<v1::GetPresenceResponse> PresenceService::GetPresence(
    const CallContext&, const v1::GetPresenceRequest& request) {
  DCHAT_RETURN_IF_ERROR(ValidateUserIds(request.user_ids()));
  const SteadyClock::time_point now = SteadyClock::now();

  v1::GetPresenceResponse response;
  std::lock_guard lock(mutex_);
  for (const std::string& user_id : request.user_ids()) {
    auto user = users_.find(user_id);
    if (user == users_.end() || user->second.expires_at <= now) {
      *response.add_presences() = ToProto(user_id, v1::PRESENCE_STATUS_OFFLINE, {}, 0, 0);
      continue;
    }
    const UserState& state = user->second;
    *response.add_presences() = ToProto(user_id, state.status, state.username,
                                         state.expires_at_us, state.changed_at_us);
  }
  return response;
}

Result<v1::GetRosterResponse> PresenceService::GetRoster(const CallContext&,
                                                         const v1::GetRosterRequest& request) {
  Result<std::string> room_id = services::ParseRoomId(request.room_id(), "room_id");
  if (!room_id.ok()) return room_id.status();
  const SteadyClock::time_point now = SteadyClock::now();

  std::vector<v1::RosterEntry> entries;
  {
    std::lock_guard lock(mutex_);
    auto room = users_by_room_.find(*room_id);
    if (room != users_by_room_.end()) {
      for (const std::string& user_id : room->second) {
        const UserState& state = users_.at(user_id);
        if (state.expires_at <= now) continue;
        v1::RosterEntry& entry = entries.emplace_back();
        entry.set_user_id(user_id);
        entry.set_username(state.username);
        entry.set_status(state.status);
        entry.set_typing(IsTyping(*room_id, user_id, now));
      }
    }
  }

  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.username(), a.user_id()) < std::tie(b.username(), b.user_id());
  });
  // NOTE: a room with more users online than this lists only the first
  // ones by username; the roster has no paging.
  if (entries.size() > kMaxRosterEntries) entries.resize(kMaxRosterEntries);

  v1::GetRosterResponse response;
  for (v1::RosterEntry& entry : entries) *response.add_entries() = std::move(entry);
  return response;
}

bool PresenceService::IsTyping(const std::string& room_id, const std::string& user_id,
                               SteadyClock::time_point now) const {
  auto notice = typing_.find({room_id, user_id});
  return notice != typing_.end() && notice->second.expires_at > now;
}

void PresenceService::Watch(const v1::WatchPresenceRequest& request,
                            std::shared_ptr<ServerStream<v1::PresenceWatchEvent>> stream) {
  Result<std::set<std::string>> room_ids =
      services::ParseRoomIds(request.room_ids(), "room_ids", kMaxWatchedRooms);
  if (!room_ids.ok()) {
    stream->Finish(room_ids.status());
    return;
  }
  watchers_->Add(std::move(stream), std::move(*room_ids));
}

void PresenceService::SweepExpired() {
  const SteadyClock::time_point now = SteadyClock::now();
  const int64_t now_us = internal::NowMicros();

  for (auto user = users_.begin(); user != users_.end();) {
    auto next = std::next(user);
    if (user->second.expires_at <= now) RemoveUser(user, now_us);
    user = next;
  }

  // Watchers learn a notice's end from its expires_at_us, so expiry sends
  // no event.
  std::erase_if(typing_, [now](const auto& notice) { return notice.second.expires_at <= now; });
}

void PresenceService::SweepUntilStopped() {
  // A zero interval would spin.
  const auto interval = std::max<SteadyClock::duration>(options_.sweep_interval,
                                                        std::chrono::milliseconds(1));
  std::unique_lock lock(mutex_);
  while (!stop_requested_.wait_for(lock, interval, [this] { return stopping_; })) {
    SweepExpired();
  }
}

void PresenceService::StopSweeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

}  // namespace

std::shared_ptr<PresenceServiceBase> NewPresenceService(PresenceServiceOptions options) {
  return std::make_shared<PresenceService>(options);
}

}  // namespace dchat
