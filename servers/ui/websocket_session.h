// WebSocketSession: one browser socket of a UI session at /ws.
//
// It receives the session's live events, catches up from History after the
// page's cursors (given as the query string "?general=41&dev=7", or later
// as a {"type": "resume", "cursors": {...}} frame) and sends each room's
// messages in order with no gap and no duplicate (see EventSequencer).
//
// Writes go through a bounded queue with one write in flight. A socket
// whose queue overflows is closed with 1013 (try again later), so its page
// reconnects and resumes from its cursors. A signed-out session
// closes its sockets with 1008.
//
// All state lives on the socket's strand; the EventSink methods post to it
// from any thread.
#ifndef DCHAT_SERVERS_UI_WEBSOCKET_SESSION_H_
#define DCHAT_SERVERS_UI_WEBSOCKET_SESSION_H_

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ui/connection_limiter.h"
#include "ui/event_sequencer.h"
#include "ui/http_types.h"
#include "ui/shared_state.h"
#include "ui/ui_session.h"

namespace dchat::ui {

class WebSocketSession : public EventSink,
                         public std::enable_shared_from_this<WebSocketSession> {
 public:
  // `session` has counted this socket with TryAddSocket(); the destructor
  // removes it. `slot` counts the connection among the server's open ones.
  WebSocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state,
                   std::shared_ptr<UiSession> session, std::map<std::string, int64_t> cursors,
                   ConnectionLimiter::Slot slot);
  ~WebSocketSession() override;

  // Completes the handshake of `upgrade` and starts the socket.
  void Run(Request upgrade);

  void OnEvent(OutboundEvent event) override;
  void OnStreamReady() override;
  void OnStreamLost() override;
  void OnStreamEnded(bool signed_out) override;

 private:
  // One History page of one room, read for a catch-up.
  struct Backlog {
    std::string room_id;
    std::vector<v1::Message> messages;
    bool has_more = false;
    Status status;
  };

  void OnAccept(beast::error_code error);
  void Read();
  void OnRead(beast::error_code error, size_t bytes);
  void HandleClientFrame(const std::string& text);

  void DeliverEvent(const OutboundEvent& event);
  void StartCatchUp();
  void OnBacklog(std::vector<Backlog> pages);
  void SendReady();

  void Enqueue(std::shared_ptr<const std::string> frame);
  void Write();
  void OnWrite(beast::error_code error, size_t bytes);
  void CloseWith(websocket::close_code code, std::string reason);
  void SendClose();
  void Detach();

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer read_buffer_;
  std::shared_ptr<SharedState> state_;
  std::shared_ptr<UiSession> session_;
  ConnectionLimiter::Slot slot_;
  EventSequencer sequencer_;

  // Frames to send; the front one is being written while writing_.
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool accepted_ = false;
  bool detached_ = false;
  // Set once a close is decided; nothing more is queued after it.
  std::optional<websocket::close_reason> close_reason_;
  bool close_sent_ = false;
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_WEBSOCKET_SESSION_H_
