#include "services/catch_up_feed.h"

#include <algorithm>

namespace dchat::services {

CatchUpFeed::CatchUpFeed(Callbacks callbacks) : callbacks_(std::move(callbacks)) {}

void CatchUpFeed::Follow(const std::string& room_id, int64_t after_seq) {
  std::lock_guard lock(mutex_);
  if (rooms_.count(room_id) != 0) return;

  Cursor cursor;
  if (after_seq < 0) {
    cursor.resolved = false;
  } else {
    cursor.delivered = after_seq;
  }
  rooms_.emplace(room_id, cursor);
  SchedulePumpLocked();
}

void CatchUpFeed::Unfollow(const std::string& room_id) {
  std::lock_guard lock(mutex_);
  rooms_.erase(room_id);
}

bool CatchUpFeed::IsFollowing(const std::string& room_id) const {
  std::lock_guard lock(mutex_);
  return rooms_.count(room_id) != 0;
}

void CatchUpFeed::Start() {
  std::lock_guard lock(mutex_);
  started_ = true;
  SchedulePumpLocked();
}

void CatchUpFeed::OnLive(const v1::Message& message) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  auto found = rooms_.find(message.room_id());
  if (found == rooms_.end()) return;
  Cursor& cursor = found->second;

  cursor.newest_seen = std::max(cursor.newest_seen, message.seq());
  if (!started_ || !cursor.resolved || cursor.behind) {
    SchedulePumpLocked();
    return;
  }
  if (message.seq() <= cursor.delivered) return;

  // The common case: the next message, and room on the stream.
  if (message.seq() == cursor.delivered + 1 && !waiting_for_drain_) {
    if (callbacks_.emit(message)) {
      cursor.delivered = message.seq();
      return;
    }
    waiting_for_drain_ = true;
  }

  // A gap (notifications out of order) or a full stream: storage has
  // every committed message, so the room catches up from there.
  cursor.behind = true;
  SchedulePumpLocked();
}

void CatchUpFeed::OnDrained() {
  // The stream may call this while it is inside `emit`, under our lock,
  // so the work moves to another thread.
  callbacks_.execute([self = shared_from_this()] {
    std::lock_guard lock(self->mutex_);
    self->waiting_for_drain_ = false;
    self->SchedulePumpLocked();
  });
}

void CatchUpFeed::Resync() {
  std::lock_guard lock(mutex_);
  for (auto& [room_id, cursor] : rooms_) cursor.behind = true;
  SchedulePumpLocked();
}

void CatchUpFeed::Stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
}

std::map<std::string, int64_t> CatchUpFeed::Cursors() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, int64_t> cursors;
  for (const auto& [room_id, cursor] : rooms_) cursors[room_id] = cursor.delivered;
  return cursors;
}

void CatchUpFeed::SchedulePumpLocked() {
  if (pumping_ || stopped_ || !started_ || waiting_for_drain_) return;
  if (!AnyBehindLocked() && ready_sent_) return;
  pumping_ = true;
  callbacks_.execute([self = shared_from_this()] { self->Pump(); });
}

bool CatchUpFeed::AnyBehindLocked() const {
  return std::any_of(rooms_.begin(), rooms_.end(), [](const auto& entry) {
    return entry.second.behind || !entry.second.resolved;
  });
}

void CatchUpFeed::MaybeEmitReadyLocked() {
  if (ready_sent_ || AnyBehindLocked()) return;
  if (!callbacks_.emit_ready || callbacks_.emit_ready()) {
    ready_sent_ = true;
  } else {
    waiting_for_drain_ = true;
  }
}

void CatchUpFeed::Pump() {
  std::string last_room;
  for (;;) {
    std::string room_id;
    {
      std::lock_guard lock(mutex_);
      if (stopped_ || waiting_for_drain_) {
        pumping_ = false;
        return;
      }

      // Rooms take turns, one page each, so one long backlog does not hold
      // up the others.
      auto next = rooms_.upper_bound(last_room);
      for (size_t checked = 0; checked < rooms_.size(); ++checked, ++next) {
        if (next == rooms_.end()) next = rooms_.begin();
        if (next->second.behind || !next->second.resolved) {
          room_id = next->first;
          break;
        }
      }
      if (room_id.empty()) {
        MaybeEmitReadyLocked();
        pumping_ = false;
        return;
      }
    }

    last_room = room_id;
    if (!PumpRoom(room_id)) {
      std::lock_guard lock(mutex_);
      pumping_ = false;
      return;
    }
  }
}

bool CatchUpFeed::PumpRoom(const std::string& room_id) {
  int64_t after = 0;
  bool resolved = true;
  {
    std::lock_guard lock(mutex_);
    auto found = rooms_.find(room_id);
    if (found == rooms_.end()) return true;
    after = found->second.delivered;
    resolved = found->second.resolved;
  }

  // Reads run without the lock, so live notifications keep flowing; they
  // only raise newest_seen while the room is behind.
  Result<StoredPage> page = callbacks_.read_after(room_id, after, resolved ? kPageSize : 0);
  if (!page.ok()) {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    callbacks_.on_error(page.status());
    return false;
  }

  std::lock_guard lock(mutex_);
  auto found = rooms_.find(room_id);
  if (stopped_) return false;
  if (found == rooms_.end()) return true;
  Cursor& cursor = found->second;
  cursor.newest_seen = std::max(cursor.newest_seen, page->last_seq);

  if (!cursor.resolved) {
    // Following from "now": start right after the newest stored message.
    cursor.delivered = page->last_seq;
    cursor.resolved = true;
    cursor.behind = cursor.newest_seen > cursor.delivered;
    return true;
  }

  for (const v1::Message& message : page->messages) {
    if (message.seq() <= cursor.delivered) continue;
    if (!callbacks_.emit(message)) {
      waiting_for_drain_ = true;
      return false;
    }
    cursor.delivered = message.seq();
  }
  bool short_page = page->messages.size() < static_cast<size_t>(kPageSize);
  if (short_page && cursor.delivered >= cursor.newest_seen) cursor.behind = false;
  return true;
}

}  // namespace dchat::services
