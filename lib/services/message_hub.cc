#include "services/message_hub.h"

namespace dchat::services {

void MessageHub::AddFeed(const std::string& room_id,
                         const std::shared_ptr<CatchUpFeed>& feed) {
  std::lock_guard lock(mutex_);
  feeds_[room_id][feed.get()] = feed;
}

void MessageHub::RemoveFeed(const std::string& room_id, const CatchUpFeed* feed) {
  std::lock_guard lock(mutex_);
  auto room = feeds_.find(room_id);
  if (room == feeds_.end()) return;
  room->second.erase(feed);
  if (room->second.empty()) feeds_.erase(room);
}

void MessageHub::Publish(const v1::Message& message) {
  std::vector<std::shared_ptr<CatchUpFeed>> feeds;
  {
    std::lock_guard lock(mutex_);
    auto room = feeds_.find(message.room_id());
    if (room != feeds_.end()) {
      feeds.reserve(room->second.size());
      for (const auto& [key, weak] : room->second) {
        if (auto feed = weak.lock()) feeds.push_back(std::move(feed));
      }
    }
  }

  for (const auto& feed : feeds) feed->OnLive(message);
}

}  // namespace dchat::services
