#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "dchat/storage.h"
#include "internal/validation.h"

namespace dchat {
namespace {

class MemoryUserStore final : public UserStore {
 public:
  Status CreateUser(const UserRecord& user) override {
    const std::string folded = internal::FoldCase(user.username);
    std::lock_guard<std::mutex> lock(mutex_);
    if (user_id_by_folded_name_.contains(folded)) {
      return AlreadyExistsError("username \"" + user.username +
                                "\" is already taken");
    }
    if (users_.contains(user.user_id)) {
      return AlreadyExistsError("user id \"" + user.user_id +
                                "\" already exists");
    }

    users_.emplace(user.user_id, user);
    user_id_by_folded_name_.emplace(folded, user.user_id);
    return OkStatus();
  }

  Result<UserRecord> FindUserById(const std::string& user_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = users_.find(user_id);
    if (it == users_.end()) {
      return NotFoundError("user id \"" + user_id + "\" not found");
    }
    return it->second;
  }

  Result<UserRecord> FindUserByName(const std::string& username) override {
    const std::string folded = internal::FoldCase(username);
    std::lock_guard<std::mutex> lock(mutex_);
    auto name_it = user_id_by_folded_name_.find(folded);
    if (name_it == user_id_by_folded_name_.end()) {
      return NotFoundError("username \"" + username + "\" not found");
    }
    return users_.at(name_it->second);
  }

  Status CreateSession(const SessionRecord& session) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!sessions_.emplace(session.token_hash, session).second) {
      return AlreadyExistsError("a session with this token hash exists");
    }
    return OkStatus();
  }

  Result<SessionRecord> FindSession(const std::string& token_hash) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sessions_.find(token_hash);
    if (it == sessions_.end()) return NotFoundError("session not found");
    return it->second;
  }

  Status DeleteSession(const std::string& token_hash) override {
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_.erase(token_hash);
    return OkStatus();
  }

  Result<int64_t> DeleteExpiredSessions(int64_t now_us) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto erased = std::erase_if(sessions_, [now_us](const auto& entry) {
      return entry.second.expires_at_us < now_us;
    });
    return static_cast<int64_t>(erased);
  }

 private:
  std::mutex mutex_;
  // Guarded by mutex_. Every user has exactly one entry in each map.
  std::map<std::string, UserRecord> users_;  // by user_id
  std::map<std::string, std::string> user_id_by_folded_name_;
  // Sessions by token_hash. Guarded by mutex_.
  std::map<std::string, SessionRecord> sessions_;
};

}  // namespace

std::unique_ptr<UserStore> NewMemoryUserStore() {
  return std::make_unique<MemoryUserStore>();
}

}  // namespace dchat
