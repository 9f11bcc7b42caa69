// One event on its way to the browser sockets of a UI session.
#ifndef DCHAT_SERVERS_UI_OUTBOUND_EVENT_H_
#define DCHAT_SERVERS_UI_OUTBOUND_EVENT_H_

#include <cstdint>
#include <memory>
#include <string>

namespace dchat::ui {

struct OutboundEvent {
  // The room and sequence of a chat message; seq is 0 for every other kind
  // of event, which needs no ordering.
  std::string room_id;
  int64_t seq = 0;
  // The serialized JSON frame, shared by every socket that sends it.
  std::shared_ptr<const std::string> frame;

  bool is_message() const { return seq > 0; }
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_OUTBOUND_EVENT_H_
