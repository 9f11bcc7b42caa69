#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dchat/storage.h"

namespace dchat {
namespace {

Status InvalidLimit(int limit) {
  return InvalidArgumentError("page limit " + std::to_string(limit) +
                              " is invalid: use a limit of at least 1");
}

class MemoryRoomStore final : public RoomStore {
 public:
  Status CreateRoom(const RoomRecord& room,
                    const std::optional<MemberRecord>& creator) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] = rooms_.try_emplace(room.room_id);
    if (!inserted) {
      return AlreadyExistsError("room \"" + room.room_id + "\" already exists");
    }

    RoomState& state = it->second;
    state.room = room;
    if (creator.has_value()) {
      // The creator joins this room even when creator->room_id differs.
      MemberRecord member = *creator;
      member.room_id = room.room_id;
      rooms_by_member_[member.user_id].insert(room.room_id);
      state.members.emplace(member.user_id, std::move(member));
    }
    return OkStatus();
  }

  Result<RoomRecord> GetRoom(const std::string& room_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(room_id);
    if (it == rooms_.end()) {
      return NotFoundError("room \"" + room_id + "\" not found");
    }
    return WithMemberCount(it->second);
  }

  Result<std::vector<RoomRecord>> ListRooms(const std::string& member_id,
                                            const std::string& viewer_id,
                                            const std::string& after_room_id,
                                            int limit) override {
    if (limit < 1) return InvalidLimit(limit);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!member_id.empty()) return ListRoomsOfMember(member_id, after_room_id, limit);

    std::vector<RoomRecord> page;
    for (auto it = rooms_.upper_bound(after_room_id);
         it != rooms_.end() && page.size() < static_cast<size_t>(limit); ++it) {
      const RoomState& state = it->second;
      const bool visible = state.room.visibility == Visibility::kPublic ||
                           (!viewer_id.empty() && state.members.contains(viewer_id));
      if (visible) page.push_back(WithMemberCount(state));
    }
    return page;
  }

  Result<bool> AddMember(const MemberRecord& member) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(member.room_id);
    if (it == rooms_.end()) {
      return NotFoundError("room \"" + member.room_id + "\" not found");
    }

    const bool added = it->second.members.emplace(member.user_id, member).second;
    if (added) rooms_by_member_[member.user_id].insert(member.room_id);
    return added;
  }

  Result<bool> RemoveMember(const std::string& room_id,
                            const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(room_id);
    if (it == rooms_.end() || it->second.members.erase(user_id) == 0) {
      return false;
    }

    auto member_it = rooms_by_member_.find(user_id);
    member_it->second.erase(room_id);
    if (member_it->second.empty()) rooms_by_member_.erase(member_it);
    return true;
  }

  Result<bool> IsMember(const std::string& room_id,
                        const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(room_id);
    return it != rooms_.end() && it->second.members.contains(user_id);
  }

  Result<std::vector<MemberRecord>> ListMembers(
      const std::string& room_id, const std::string& after_user_id,
      int limit) override {
    if (limit < 1) return InvalidLimit(limit);
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<MemberRecord> page;
    auto room_it = rooms_.find(room_id);
    if (room_it == rooms_.end()) return page;

    const auto& members = room_it->second.members;
    for (auto it = members.upper_bound(after_user_id);
         it != members.end() && page.size() < static_cast<size_t>(limit); ++it) {
      page.push_back(it->second);
    }
    return page;
  }

  Status AddInvite(const std::string& room_id, const std::string& user_id,
                   const std::string& /*inviter_id*/,
                   int64_t /*at_us*/) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(room_id);
    if (it == rooms_.end()) {
      return NotFoundError("room \"" + room_id + "\" not found");
    }
    it->second.invited_user_ids.insert(user_id);
    return OkStatus();
  }

  Result<bool> HasInvite(const std::string& room_id,
                         const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(room_id);
    return it != rooms_.end() && it->second.invited_user_ids.contains(user_id);
  }

 private:
  struct RoomState {
    RoomRecord room;  // member_count is not kept up to date here
    std::map<std::string, MemberRecord> members;  // by user_id
    std::set<std::string> invited_user_ids;
  };

  static RoomRecord WithMemberCount(const RoomState& state) {
    RoomRecord room = state.room;
    room.member_count = static_cast<int64_t>(state.members.size());
    return room;
  }

  // Requires mutex_ held.
  std::vector<RoomRecord> ListRoomsOfMember(const std::string& member_id,
                                            const std::string& after_room_id,
                                            int limit) {
    std::vector<RoomRecord> page;
    auto member_it = rooms_by_member_.find(member_id);
    if (member_it == rooms_by_member_.end()) return page;

    const std::set<std::string>& room_ids = member_it->second;
    for (auto it = room_ids.upper_bound(after_room_id);
         it != room_ids.end() && page.size() < static_cast<size_t>(limit); ++it) {
      page.push_back(WithMemberCount(rooms_.at(*it)));
    }
    return page;
  }

  std::mutex mutex_;
  // Guarded by mutex_. By room_id.
  std::map<std::string, RoomState> rooms_;
  // Guarded by mutex_. The ids of the rooms each user is a member of, by
  // user_id: the index that keeps ListRooms with a member_id from scanning
  // every room. Users in no room have no entry.
  std::map<std::string, std::set<std::string>> rooms_by_member_;
};

}  // namespace

std::unique_ptr<RoomStore> NewMemoryRoomStore() {
  return std::make_unique<MemoryRoomStore>();
}

}  // namespace dchat
