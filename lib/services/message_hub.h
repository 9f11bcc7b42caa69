// MessageHub: fans committed messages out to the catch-up feeds of one
// message service's subscriptions.
#ifndef DCHAT_SERVICES_MESSAGE_HUB_H_
#define DCHAT_SERVICES_MESSAGE_HUB_H_

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "dchat/v1/common.pb.h"
#include "services/catch_up_feed.h"

namespace dchat::services {

// Thread-safe. Publishing copies the feed list under the lock and delivers
// without it; a feed never blocks, so neither does publishing.
class MessageHub {
 public:
  void AddFeed(const std::string& room_id, const std::shared_ptr<CatchUpFeed>& feed);
  void RemoveFeed(const std::string& room_id, const CatchUpFeed* feed);

  void Publish(const v1::Message& message);

 private:
  std::mutex mutex_;
  // Keyed by feed address so that removal needs no lock on the feed.
  std::map<std::string, std::map<const CatchUpFeed*, std::weak_ptr<CatchUpFeed>>>
      feeds_;  // guarded by mutex_
};

}  // namespace dchat::services

#endif  // DCHAT_SERVICES_MESSAGE_HUB_H_
