// EventSequencer: the per-socket rule that turns the session's shared live
// stream plus History pages into one sequence per room with no gap and no
// duplicate.
//
// Each socket keeps a cursor per room: the last sequence the page has. A
// catch-up reads History after the cursors, and live messages are held back
// while it runs. When it ends, the held messages are replayed, minus those
// the backlog already covered. A live message that
// skips ahead of its room's cursor is held and starts a catch-up, so a
// gap in the live stream is filled from History.
//
// A catch-up starts only while the session's gateway stream is ready. A
// History read made earlier can end before the gateway has settled where
// its live messages start. A message committed in between then reaches
// the page only with the next catch-up, and the "ready" frame of the early
// catch-up promises live delivery too soon.
//
//   EventSequencer sequencer(/*max_held=*/1000);
//   sequencer.SetCursor("general", 41);
//   sequencer.OnStreamReady();
//   if (sequencer.CanStartCatchUp()) {
//     auto cursors = sequencer.BeginCatchUp();  // {"general": 41}
//     ... History("general", after 41) ...
//     sequencer.AcceptBacklog("general", &messages, has_more);
//     for (OutboundEvent& held : sequencer.EndCatchUp()) Send(held);
//   }
//
// Not thread-safe: each socket uses its own from its strand.
#ifndef DCHAT_SERVERS_UI_EVENT_SEQUENCER_H_
#define DCHAT_SERVERS_UI_EVENT_SEQUENCER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dchat/v1/common.pb.h"
#include "ui/outbound_event.h"

namespace dchat::ui {

class EventSequencer {
 public:
  enum class Verdict {
    kSend,      // send it now
    kDrop,      // the page already has it
    kHeld,      // kept until a catch-up ends
    kOverflow,  // more than max_held messages are waiting: drop the socket
  };

  explicit EventSequencer(size_t max_held) : max_held_(max_held) {}

  // Sets the page's cursor for a room: it has every message up to `seq`.
  // Room ids are matched in lower case, as the gateway sends them.
  void SetCursor(const std::string& room_id, int64_t seq);
  // Stops following a room, for example one the user has left.
  void ForgetRoom(const std::string& room_id) { cursors_.erase(room_id); }
  const std::map<std::string, int64_t>& cursors() const { return cursors_; }

  // Decides what to do with a live message event. Advances the cursor on
  // kSend.
  Verdict OnLiveMessage(const OutboundEvent& event);

  // The session's gateway stream has delivered its backlog, so live
  // messages flow from here on. Anything sent before may be missing, so
  // this requests a catch-up.
  void OnStreamReady();
  // The stream broke and is reconnecting: catch-ups wait for the next
  // OnStreamReady().
  void OnStreamLost() { stream_ready_ = false; }
  bool stream_ready() const { return stream_ready_; }

  // True while a catch-up runs.
  bool catching_up() const { return catching_up_; }
  // True when a gap, an unfinished backlog or new cursors need another
  // catch-up.
  bool catch_up_needed() const { return catch_up_needed_; }
  // Requests a catch-up, for example for cursors from a resume frame. It
  // runs once the stream is ready.
  void RequestCatchUp() { catch_up_needed_ = true; }
  // True when a catch-up is needed, none runs and the stream is ready.
  bool CanStartCatchUp() const { return stream_ready_ && catch_up_needed_ && !catching_up_; }

  // Starts a catch-up and returns the cursors to read History after. Call
  // only when CanStartCatchUp().
  std::map<std::string, int64_t> BeginCatchUp();

  // Removes from `messages` (one History page of `room_id`, oldest first)
  // those the page already has, and advances the cursor past the rest.
  // With `has_more` another round follows.
  void AcceptBacklog(const std::string& room_id, std::vector<v1::Message>* messages,
                     bool has_more);

  // Ends the catch-up and returns the held messages that can now be sent,
  // in order. Messages still beyond a gap stay held and set
  // catch_up_needed().
  std::vector<OutboundEvent> EndCatchUp();

 private:
  // The live rule without the holding that a running catch-up forces.
  Verdict Sequence(const OutboundEvent& event, bool room_complete);
  Verdict Hold(const OutboundEvent& event);

  size_t max_held_;
  std::map<std::string, int64_t> cursors_;
  std::deque<OutboundEvent> held_;
  // Rooms whose backlog was read to the end in the running catch-up: after
  // it, a held message of such a room is sent even past a gap, because
  // History has shown that nothing lies in between.
  std::set<std::string> complete_rooms_;
  bool catching_up_ = false;
  bool catch_up_needed_ = false;
  bool stream_ready_ = false;
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_EVENT_SEQUENCER_H_
