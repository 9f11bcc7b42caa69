// follow: print the messages of rooms live, resuming after dropped connections.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "duration.h"
#include "errors.h"

namespace dchat::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct FollowOptions {
  std::vector<std::string> rooms;
  int count = 0;                          // 0: no limit
  std::chrono::milliseconds duration{0};  // 0: no limit
  bool all_events = false;
};

// Prints the events of the followed rooms. Runs on the subscription's
// thread; the main thread reads finished() and final_status().
class EventPrinter {
 public:
  // `client` resolves user ids to usernames for --all-events; it must
  // outlive the printer.
  EventPrinter(const Output& output, const FollowOptions& options, std::set<std::string> room_ids,
               Client& client)
      : output_(output),
        client_(client),
        max_messages_(options.count),
        bounded_(options.count > 0 || options.duration.count() > 0),
        all_events_(options.all_events || output.json()),
        room_ids_(std::move(room_ids)) {}

  void OnEvent(const v1::Event& event) {
    if (finished_) return;
    switch (event.event_case()) {
      case v1::Event::kMessage:
        PrintMessage(event);
        break;
      case v1::Event::kReady:
        PrintReady(event);
        break;
      case v1::Event::kPresence:
      case v1::Event::kTyping:
      case v1::Event::kMembership:
        if (all_events_ && IsFollowed(event)) PrintOtherEvent(event);
        break;
      case v1::Event::EVENT_NOT_SET:
        break;
    }
  }

  // Notes the first failure of a series only, so that a long outage does
  // not print a line per attempt.
  void OnReconnect(const Status& status) {
    ++failed_attempts_;
    if (failed_attempts_ > 1) return;
    output_.Note("connection to the gateway lost (" + DescribeStatus(status) + "); reconnecting");
  }

  void OnDone(const Status& status) {
    std::lock_guard lock(mutex_);
    final_status_ = status;
    done_ = true;
  }

  // True once --count messages were printed or the stream has ended.
  bool finished() const {
    if (finished_) return true;
    std::lock_guard lock(mutex_);
    return done_;
  }
  Status final_status() const {
    std::lock_guard lock(mutex_);
    return final_status_;
  }

 private:
  void PrintMessage(const v1::Event& event) {
    const v1::Message& message = event.message();
    if (room_ids_.count(message.room_id()) == 0) return;
    usernames_[message.sender_id()] = message.sender_username();

    if (output_.json()) {
      output_.Json(ToJson(event));
    } else {
      output_.Result(FormatMessageLine(message));
    }
    ++printed_;
    if (max_messages_ > 0 && printed_ >= max_messages_) finished_ = true;
  }

  void PrintReady(const v1::Event& event) {
    if (failed_attempts_ > 0) {
      output_.Note("reconnected; resuming after the last message printed");
      failed_attempts_ = 0;
    }
    if (output_.json()) {
      // The gateway's ready event names every room of the user; report
      // only the followed ones.
      v1::Event followed;
      for (const std::string& room_id : event.ready().room_ids()) {
        if (room_ids_.count(room_id) > 0) followed.mutable_ready()->add_room_ids(room_id);
      }
      followed.mutable_ready();
      output_.Json(ToJson(followed));
      return;
    }
    if (announced_) return;
    announced_ = true;
    std::string rooms;
    for (const std::string& room_id : room_ids_) rooms += (rooms.empty() ? "#" : ", #") + room_id;
    output_.Note("following " + rooms + (bounded_ ? "" : "; press Ctrl-C to stop"));
  }

  bool IsFollowed(const v1::Event& event) const {
    switch (event.event_case()) {
      case v1::Event::kPresence:
        return std::any_of(event.presence().room_ids().begin(), event.presence().room_ids().end(),
                           [this](const std::string& id) { return room_ids_.count(id) > 0; });
      case v1::Event::kTyping:
        return room_ids_.count(event.typing().room_id()) > 0;
      case v1::Event::kMembership:
        return room_ids_.count(event.membership().room_id()) > 0;
      default:
        return false;
    }
  }

  void PrintOtherEvent(const v1::Event& event) {
    if (output_.json()) {
      output_.Json(ToJson(event));
      return;
    }
    output_.Result(DescribeEvent(event));
  }

  // Formats a presence, typing or membership event as one line, such as
  // "[2026-12-04 21:03:05] #general bob joined".
  std::string DescribeEvent(const v1::Event& event) {
    int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    if (event.has_presence()) {
      const v1::Presence& presence = event.presence().presence();
      if (!presence.username().empty()) usernames_[presence.user_id()] = presence.username();
      return "[" + FormatLocalTime(presence.changed_at_us()) + "] " +
             UserLabel(presence.user_id()) + " is " + PresenceLabel(presence.status());
    }
    if (event.has_typing()) {
      return "[" + FormatLocalTime(now_us) + "] #" + event.typing().room_id() + " " +
             UserLabel(event.typing().user_id()) + " is typing";
    }
    const v1::MembershipEvent& membership = event.membership();
    std::string change = "changed membership";
    switch (membership.change()) {
      case v1::MEMBERSHIP_CHANGE_JOINED:
        change = "joined";
        break;
      case v1::MEMBERSHIP_CHANGE_LEFT:
        change = "left";
        break;
      case v1::MEMBERSHIP_CHANGE_INVITED:
        change = "was invited by " + UserLabel(membership.actor_id());
        break;
      default:
        break;
    }
    return "[" + FormatLocalTime(membership.at_us()) + "] #" + membership.room_id() + " " +
           UserLabel(membership.user_id()) + " " + change;
  }

  // Returns the user's username, asking the gateway once per user that no
  // event has named yet; the user id when that fails.
  std::string UserLabel(const std::string& user_id) {
    auto known = usernames_.find(user_id);
    if (known == usernames_.end()) {
      v1::GetUserRequest request;
      request.set_user_id(user_id);
      Result<v1::User> user = client_.gateway().GetUser(request);
      known = usernames_.emplace(user_id, user.ok() ? user->username() : "").first;
    }
    if (known->second.empty()) return user_id;
    return EscapeForTerminal(known->second);
  }

  const Output output_;
  Client& client_;
  const int max_messages_;
  const bool bounded_;  // --count or --for ends the follow by itself
  const bool all_events_;
  const std::set<std::string> room_ids_;
  // Used only on the subscription's thread.
  int printed_ = 0;
  bool announced_ = false;
  int failed_attempts_ = 0;
  std::map<std::string, std::string> usernames_;

  mutable std::mutex mutex_;
  // Set once --count messages were printed.
  std::atomic<bool> finished_ = false;
  bool done_ = false;                   // guarded by mutex_
  Status final_status_;                 // guarded by mutex_
};

// Returns the followed rooms' ids with the newest sequence of each, so
// that the stream starts after them and a reconnect leaves no gap.
std::map<std::string, int64_t> CurrentCursors(Context& context, Client& client,
                                              const std::vector<std::string>& rooms) {
  std::map<std::string, int64_t> cursors;
  for (const std::string& room : rooms) {
    Result<v1::Room> info = client.GetRoom(room);
    if (!info.ok()) context.Fail(info.status(), "cannot follow room '" + room + "'");

    Result<v1::ListMessagesResponse> newest = client.History(info->room_id(), {.limit = 1});
    if (!newest.ok()) {
      context.Fail(newest.status(), "cannot follow room '" + room + "'",
                   MemberAdvice(context, room));
    }
    cursors[info->room_id()] = newest->last_seq();
  }
  return cursors;
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after,
// so that WaitForEnd receives them instead of the default action.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Waits for Ctrl-C, SIGTERM, the end of --for, or the printer to finish.
void WaitForEnd(const EventPrinter& printer, const sigset_t& signals,
                std::chrono::milliseconds duration) {
  Clock::time_point deadline =
      duration.count() > 0 ? Clock::now() + duration : Clock::time_point::max();
  while (!printer.finished()) {
    // A short poll interval keeps --count and stream errors prompt without
    // a second wake-up channel beside the signals.
    auto remaining = deadline - Clock::now();
    if (remaining <= Clock::duration::zero()) return;
    auto wait = std::min<Clock::duration>(remaining, std::chrono::milliseconds(100));
    timespec timeout{};
    timeout.tv_nsec = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
    if (sigtimedwait(&signals, nullptr, &timeout) > 0) return;
  }
}

void RunFollow(Context& context, const FollowOptions& options) {
  sigset_t signals = BlockStopSignals();
  Session session = context.OpenSession();

  SubscribeOptions subscribe;
  subscribe.after_seq = CurrentCursors(context, *session.client, options.rooms);
  std::set<std::string> room_ids;
  for (const auto& [room_id, seq] : subscribe.after_seq) room_ids.insert(room_id);

  EventPrinter printer(context.output(), options, std::move(room_ids), *session.client);
  std::unique_ptr<Subscription> subscription = session.client->Subscribe(
      std::move(subscribe), [&printer](const v1::Event& event) { printer.OnEvent(event); },
      [&printer](const Status& status) { printer.OnDone(status); },
      [&printer](const Status& status) { printer.OnReconnect(status); });

  WaitForEnd(printer, signals, options.duration);
  subscription->Stop();

  Status status = printer.final_status();
  if (!status.ok()) context.Fail(status, "follow stopped");
}

}  // namespace

void AddFollowCommand(CLI::App& app, Context& context) {
  auto options = std::make_shared<FollowOptions>();
  CLI::App* follow = app.add_subcommand(
      "follow",
      "Print new messages of rooms you are a member of as they arrive, resuming after a "
      "dropped connection with no gap or duplicate. Runs until Ctrl-C, --count or --for");
  follow->add_option("ROOM", options->rooms, "Rooms to follow, by name or id; joins none")
      ->required();
  follow->add_option("--count", options->count, "Exit after printing N messages")
      ->type_name("N")
      ->check(CLI::Range(1, 1 << 30));
  AddDurationOption(*follow, "--for", &options->duration,
                    "Exit after this long, such as 30s or 5m. Default: no limit");
  follow->add_flag("--all-events", options->all_events,
                   "Also print presence, typing and membership events of the rooms; always on "
                   "with --json");
  context.SetAction(follow, [&context, options] { RunFollow(context, *options); });
}

}  // namespace dchat::cli
