#include "ui/event_sequencer.h"

#include <algorithm>

namespace dchat::ui {

void EventSequencer::SetCursor(const std::string& room_id, int64_t seq) {
  // Room ids are names folded to lower case, and the names allow only
  // ASCII, so a page that names "General" means "general".
  std::string folded = room_id;
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  cursors_[folded] = std::max<int64_t>(seq, 0);
}

void EventSequencer::OnStreamReady() {
  stream_ready_ = true;
  catch_up_needed_ = true;
}

EventSequencer::Verdict EventSequencer::OnLiveMessage(const OutboundEvent& event) {
  if (catching_up_) return Hold(event);
  return Sequence(event, /*room_complete=*/false);
}

EventSequencer::Verdict EventSequencer::Sequence(const OutboundEvent& event,
                                                 bool room_complete) {
  auto cursor = cursors_.find(event.room_id);

  // A room the page gave no cursor for is followed from its first live
  // message on.
  if (cursor == cursors_.end()) {
    cursors_.emplace(event.room_id, event.seq);
    return Verdict::kSend;
  }

  if (event.seq <= cursor->second) return Verdict::kDrop;
  if (event.seq == cursor->second + 1 || room_complete) {
    cursor->second = event.seq;
    return Verdict::kSend;
  }

  catch_up_needed_ = true;
  return Hold(event);
}

EventSequencer::Verdict EventSequencer::Hold(const OutboundEvent& event) {
  if (held_.size() >= max_held_) return Verdict::kOverflow;
  held_.push_back(event);
  return Verdict::kHeld;
}

std::map<std::string, int64_t> EventSequencer::BeginCatchUp() {
  catching_up_ = true;
  catch_up_needed_ = false;
  complete_rooms_.clear();
  return cursors_;
}

void EventSequencer::AcceptBacklog(const std::string& room_id,
                                   std::vector<v1::Message>* messages, bool has_more) {
  int64_t& cursor = cursors_[room_id];
  auto already_sent = [cursor](const v1::Message& message) { return message.seq() <= cursor; };
  messages->erase(std::remove_if(messages->begin(), messages->end(), already_sent),
                  messages->end());

  if (!messages->empty()) cursor = std::max(cursor, messages->back().seq());
  if (has_more) {
    catch_up_needed_ = true;
  } else {
    complete_rooms_.insert(room_id);
  }
}

std::vector<OutboundEvent> EventSequencer::EndCatchUp() {
  catching_up_ = false;

  std::deque<OutboundEvent> held;
  held.swap(held_);
  std::vector<OutboundEvent> ready;
  for (OutboundEvent& event : held) {
    bool complete = complete_rooms_.count(event.room_id) > 0;
    if (Sequence(event, complete) == Verdict::kSend) ready.push_back(std::move(event));
  }
  complete_rooms_.clear();
  return ready;
}

}  // namespace dchat::ui
