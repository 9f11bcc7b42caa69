#include "services/gateway/event_hub.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

namespace dchat::gateway {
namespace {

using Clock = std::chrono::steady_clock;

void AddTo(std::map<std::string, std::map<const Session*, std::weak_ptr<Session>>>& index,
           const std::string& key, const std::shared_ptr<Session>& session) {
  index[key][session.get()] = session;
}

void RemoveFrom(std::map<std::string, std::map<const Session*, std::weak_ptr<Session>>>& index,
                const std::string& key, const Session* session) {
  auto found = index.find(key);
  if (found == index.end()) return;
  found->second.erase(session);
  if (found->second.empty()) index.erase(found);
}

}  // namespace

EventHub::EventHub(std::shared_ptr<Upstreams> upstreams, MembershipCache* memberships,
                   PresenceKeeper* presence)
    : upstreams_(std::move(upstreams)), memberships_(memberships), presence_(presence) {}

EventHub::~EventHub() { Stop(); }

template <class T>
Status EventHub::Drain(const std::string& name, std::unique_ptr<StreamReader<T>> reader,
                       const std::function<void(const T&)>& handle) {
  {
    std::lock_guard lock(mutex_);
    cancels_[name] = [raw = reader.get()] { raw->Cancel(); };
    if (stopping_) reader->Cancel();
  }

  T item;
  while (reader->Read(&item)) handle(item);
  Status ended = reader->Finish();

  std::lock_guard lock(mutex_);
  cancels_.erase(name);
  return ended;
}

template <class T>
Status EventHub::AwaitEnd(const std::string& name, std::unique_ptr<StreamReader<T>> reader) {
  {
    std::lock_guard lock(mutex_);
    cancels_[name] = [raw = reader.get()] { raw->Cancel(); };
    if (stopping_) reader->Cancel();
  }

  Status ended = reader->Finish();

  std::lock_guard lock(mutex_);
  cancels_.erase(name);
  return ended;
}

void EventHub::Start() {
  threads_.emplace_back([this] {
    Watch("message", [this] {
      v1::SubscribeMessagesRequest request;
      request.set_all_rooms(true);
      // Every message of every room passes here, so it is routed on the
      // gRPC thread that read it: handing each to a thread of ours would
      // cost two context switches per message. Routing never blocks.
      //
      // The first message proves that the message service has registered
      // the stream, so every session catches up from history once more.
      // That covers messages committed after the resync below but before
      // the registration.
      auto registered = std::make_shared<std::atomic<bool>>(false);
      auto reader = upstreams_->messages->Subscribe(
          request,
          [this, registered](const v1::Message& message) {
            if (!registered->exchange(true)) ResyncAll();
            RouteMessage(message);
          },
          nullptr);

      // Messages committed while no stream was open are read from history.
      // NOTE: a message committed after this resync and before the service
      // registers the stream reaches the sessions only with the next
      // message of any room, which triggers the second resync above. The
      // SDK reports no "stream registered" moment that would close that gap.
      ResyncAll();
      return AwaitEnd<v1::Message>("message", std::move(reader));
    });
  });
  threads_.emplace_back([this] {
    Watch("presence", [this] {
      return Drain<v1::PresenceWatchEvent>(
          "presence", upstreams_->presence->Watch(v1::WatchPresenceRequest()),
          [this](const v1::PresenceWatchEvent& e) { RoutePresence(e); });
    });
  });
  threads_.emplace_back([this] {
    Watch("membership", [this] {
      return Drain<v1::MembershipEvent>(
          "membership", upstreams_->rooms->WatchMembership(v1::WatchMembershipRequest()),
          [this](const v1::MembershipEvent& e) { RouteMembership(e); });
    });
  });
}

void EventHub::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_.exchange(true)) return;
    for (auto& [name, cancel] : cancels_) cancel();
  }
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void EventHub::Watch(const char* name, std::function<Status()> run_once) {
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    auto opened = Clock::now();
    Status ended = run_once();
    if (stopping_) return;

    // A stream that lasted a while was healthy: start the waits afresh.
    if (Clock::now() - opened > std::chrono::seconds(10)) backoff = std::chrono::milliseconds(100);
    spdlog::warn("{} event stream from upstream ended ({}); reopening in {} ms", name,
                 ended.ToString(), backoff.count());
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_;
         waited += std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

void EventHub::ResyncAll() {
  for (const auto& session : AllSessions()) session->Resync();
}

void EventHub::Add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  for (const std::string& room : session->rooms()) AddTo(by_room_, room, session);
  AddTo(by_user_, session->identity().user_id, session);
}

void EventHub::Remove(const Session* session) {
  std::lock_guard lock(mutex_);
  for (const std::string& room : session->rooms()) RemoveFrom(by_room_, room, session);
  RemoveFrom(by_user_, session->identity().user_id, session);
}

void EventHub::RouteMessage(const v1::Message& message) {
  for (const auto& session : SessionsInRoom(message.room_id())) session->OnMessage(message);
}

void EventHub::RoutePresence(const v1::PresenceWatchEvent& watch_event) {
  v1::Event event;
  if (watch_event.has_typing()) {
    *event.mutable_typing() = watch_event.typing();
    for (const auto& session : SessionsInRoom(watch_event.typing().room_id())) {
      session->Deliver(event);
    }
    return;
  }
  if (!watch_event.has_presence()) return;

  // A user in several rooms is reported once to each session.
  *event.mutable_presence() = watch_event.presence();
  std::set<const Session*> notified;
  for (const std::string& room : watch_event.presence().room_ids()) {
    for (const auto& session : SessionsInRoom(room)) {
      if (notified.insert(session.get()).second) session->Deliver(event);
    }
  }
}

void EventHub::RouteMembership(const v1::MembershipEvent& membership) {
  memberships_->Apply(membership);

  // The user's own sessions start or stop following the room first, so
  // that the event below reaches them too.
  for (const auto& session : SessionsOfUser(membership.user_id())) {
    if (membership.change() == v1::MEMBERSHIP_CHANGE_JOINED) {
      FollowJoinedRoom(session, membership.room_id());
    }
  }

  v1::Event event;
  *event.mutable_membership() = membership;
  for (const auto& session : SessionsInRoom(membership.room_id())) session->Deliver(event);

  if (membership.change() == v1::MEMBERSHIP_CHANGE_LEFT) {
    for (const auto& session : SessionsOfUser(membership.user_id())) {
      session->Deliver(event);
      UnfollowLeftRoom(session, membership.room_id());
    }
  }
}

void EventHub::FollowJoinedRoom(const std::shared_ptr<Session>& session,
                                const std::string& room_id) {
  session->Follow(room_id, -1);
  {
    std::lock_guard lock(mutex_);
    AddTo(by_room_, room_id, session);
  }
  presence_->UpdateRooms(session->identity().user_id, session->rooms());
}

void EventHub::UnfollowLeftRoom(const std::shared_ptr<Session>& session,
                                const std::string& room_id) {
  {
    std::lock_guard lock(mutex_);
    RemoveFrom(by_room_, room_id, session.get());
  }
  session->Unfollow(room_id);
  presence_->UpdateRooms(session->identity().user_id, session->rooms());
}

EventHub::SessionList EventHub::SessionsInRoom(const std::string& room_id) {
  SessionList sessions;
  std::lock_guard lock(mutex_);
  auto found = by_room_.find(room_id);
  if (found == by_room_.end()) return sessions;
  sessions.reserve(found->second.size());
  for (const auto& [key, weak] : found->second) {
    if (auto session = weak.lock()) sessions.push_back(std::move(session));
  }
  return sessions;
}

EventHub::SessionList EventHub::SessionsOfUser(const std::string& user_id) {
  SessionList sessions;
  std::lock_guard lock(mutex_);
  auto found = by_user_.find(user_id);
  if (found == by_user_.end()) return sessions;
  for (const auto& [key, weak] : found->second) {
    if (auto session = weak.lock()) sessions.push_back(std::move(session));
  }
  return sessions;
}

EventHub::SessionList EventHub::AllSessions() {
  SessionList sessions;
  std::lock_guard lock(mutex_);
  for (const auto& [user, entries] : by_user_) {
    for (const auto& [key, weak] : entries) {
      if (auto session = weak.lock()) sessions.push_back(std::move(session));
    }
  }
  return sessions;
}

}  // namespace dchat::gateway
