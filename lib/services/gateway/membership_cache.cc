#include "services/gateway/membership_cache.h"

namespace dchat::gateway {

MembershipCache::MembershipCache(std::shared_ptr<Upstreams> upstreams,
                                 std::chrono::milliseconds ttl)
    : upstreams_(std::move(upstreams)), ttl_(ttl) {}

bool MembershipCache::IsCachedMember(const std::string& room_id, const std::string& user_id) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto found = members_.find({room_id, user_id});
  return found != members_.end() && found->second > now;
}

Status MembershipCache::RequireMember(const Identity& caller, const std::string& room_id) {
  if (IsCachedMember(room_id, caller.user_id)) return OkStatus();

  v1::CheckMembershipRequest request;
  request.set_room_id(room_id);
  request.set_user_id(caller.user_id);
  Result<v1::CheckMembershipResponse> checked =
      upstreams_->rooms->CheckMembership(request, ActingFor(caller));
  if (!checked.ok()) return checked.status();
  if (!checked->is_member()) {
    return PermissionDeniedError("you are not a member of room '" + room_id +
                                 "': join it first");
  }
  Remember(room_id, caller.user_id);
  return OkStatus();
}

void MembershipCache::Remember(const std::string& room_id, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  if (members_.size() >= kMaxEntries) members_.clear();
  members_[{room_id, user_id}] = std::chrono::steady_clock::now() + ttl_;
}

void MembershipCache::Forget(const std::string& room_id, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  members_.erase({room_id, user_id});
}

void MembershipCache::Apply(const v1::MembershipEvent& event) {
  if (event.change() == v1::MEMBERSHIP_CHANGE_LEFT) Forget(event.room_id(), event.user_id());
  if (event.change() == v1::MEMBERSHIP_CHANGE_JOINED) Remember(event.room_id(), event.user_id());
}

}  // namespace dchat::gateway
