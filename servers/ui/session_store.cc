#include "ui/session_store.h"

namespace dchat::ui {

Status SessionStore::Add(std::shared_ptr<UiSession> session) {
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= max_sessions_) {
    return ResourceExhaustedError("too many signed-in sessions (" +
                                  std::to_string(max_sessions_) + "); try again later");
  }
  std::string id = session->id();
  if (!sessions_.emplace(std::move(id), std::move(session)).second) {
    return AlreadyExistsError("session id collision");
  }
  return OkStatus();
}

std::shared_ptr<UiSession> SessionStore::Find(std::string_view id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(id);
  if (found == sessions_.end()) return nullptr;

  // An expired session stays until the sweep ends it, which also revokes
  // its token, but it is no longer usable.
  if (Expired(*found->second, now)) return nullptr;
  found->second->Touch(now);
  return found->second;
}

std::shared_ptr<UiSession> SessionStore::Remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(id);
  if (found == sessions_.end()) return nullptr;
  std::shared_ptr<UiSession> session = std::move(found->second);
  sessions_.erase(found);
  return session;
}

std::vector<std::shared_ptr<UiSession>> SessionStore::RemoveExpired(Clock::time_point now) {
  std::vector<std::shared_ptr<UiSession>> expired;
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (Expired(*it->second, now)) {
      expired.push_back(std::move(it->second));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return expired;
}

std::vector<std::shared_ptr<UiSession>> SessionStore::All() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<UiSession>> all;
  all.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) all.push_back(session);
  return all;
}

std::vector<std::shared_ptr<UiSession>> SessionStore::RemoveAll() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<UiSession>> all;
  all.reserve(sessions_.size());
  for (auto& [id, session] : sessions_) all.push_back(std::move(session));
  sessions_.clear();
  return all;
}

size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace dchat::ui
