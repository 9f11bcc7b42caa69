#include "ui/websocket_session.h"

#include <spdlog/spdlog.h>

#include "ui/json_codec.h"

namespace dchat::ui {
namespace {

// History page size of a catch-up round; the gateway's maximum.
constexpr int kBacklogPageSize = 500;
// Without traffic for this long the server pings the browser, and drops it
// when the pong does not come back within the same time.
constexpr std::chrono::seconds kIdleTimeout{60};
// Rooms a page may give cursors for; each costs a History call per
// catch-up.
constexpr size_t kMaxCursors = 256;

std::shared_ptr<const std::string> MakeFrame(const nlohmann::json& value) {
  return std::make_shared<const std::string>(DumpJson(value));
}

}  // namespace

WebSocketSession::WebSocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state,
                                   std::shared_ptr<UiSession> session,
                                   std::map<std::string, int64_t> cursors,
                                   ConnectionLimiter::Slot slot)
    : ws_(std::move(socket)),
      state_(std::move(state)),
      session_(std::move(session)),
      slot_(std::move(slot)),
      sequencer_(state_->options().max_held_messages) {
  for (const auto& [room, seq] : cursors) {
    if (sequencer_.cursors().size() >= kMaxCursors) break;
    sequencer_.SetCursor(room, seq);
  }
  // No catch-up is requested here: the session stream's readiness requests
  // the first one, which ends with the "ready" frame the page waits for.
}

WebSocketSession::~WebSocketSession() {
  Detach();
  session_->RemoveSocket();
}

void WebSocketSession::Run(Request upgrade) {
  websocket::stream_base::timeout timeouts =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = kIdleTimeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(state_->options().max_websocket_frame_bytes);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(http::field::server, "dchat-ui");
  }));

  // The socket's executor is the strand the listener gave it.
  auto self = shared_from_this();
  net::dispatch(ws_.get_executor(), [self, upgrade = std::move(upgrade)]() mutable {
    self->ws_.async_accept(upgrade,
                           beast::bind_front_handler(&WebSocketSession::OnAccept, self));
  });
}

void WebSocketSession::OnAccept(beast::error_code error) {
  if (error) {
    spdlog::debug("WebSocket handshake failed: {}", error.message());
    return;
  }
  accepted_ = true;
  ws_.text(true);

  // Attach before reading History, so that no live message can fall
  // between the backlog and the live events. When the stream is not ready
  // yet, OnStreamReady() starts the catch-up later.
  bool ready = session_->Attach(shared_from_this());
  if (ready) {
    sequencer_.OnStreamReady();
    StartCatchUp();
  }
  Read();
}

void WebSocketSession::Read() {
  ws_.async_read(read_buffer_,
                 beast::bind_front_handler(&WebSocketSession::OnRead, shared_from_this()));
}

void WebSocketSession::OnRead(beast::error_code error, size_t /*bytes*/) {
  if (error) {
    if (error != websocket::error::closed && error != net::error::operation_aborted &&
        error != beast::error::timeout) {
      spdlog::debug("WebSocket of user {} failed: {}", session_->user().user_id(),
                    error.message());
    }
    Detach();
    return;
  }

  std::string text = beast::buffers_to_string(read_buffer_.data());
  read_buffer_.consume(read_buffer_.size());
  HandleClientFrame(text);
  Read();
}

void WebSocketSession::HandleClientFrame(const std::string& text) {
  nlohmann::json frame = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded() || !frame.is_object() || !frame.contains("type") ||
      !frame["type"].is_string()) {
    return CloseWith(websocket::close_code::policy_error, "frames must be JSON objects with a type");
  }

  const std::string& type = frame["type"].get_ref<const std::string&>();
  if (type == "ping") return Enqueue(MakeFrame({{"type", "pong"}}));
  if (type != "resume") return;  // Unknown types are ignored, for newer pages.

  auto cursors = frame.find("cursors");
  if (cursors == frame.end() || !cursors->is_object()) {
    return CloseWith(websocket::close_code::policy_error, "resume needs a cursors object");
  }
  for (const auto& [room, seq] : cursors->items()) {
    if (sequencer_.cursors().size() >= kMaxCursors) break;
    if (seq.is_number_integer()) sequencer_.SetCursor(room, seq.get<int64_t>());
  }
  sequencer_.RequestCatchUp();
  StartCatchUp();
}

void WebSocketSession::OnEvent(OutboundEvent event) {
  net::post(ws_.get_executor(), [self = shared_from_this(), event = std::move(event)] {
    self->DeliverEvent(event);
  });
}

void WebSocketSession::OnStreamReady() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->sequencer_.OnStreamReady();
    self->StartCatchUp();
  });
}

void WebSocketSession::OnStreamLost() {
  net::post(ws_.get_executor(), [self = shared_from_this()] { self->sequencer_.OnStreamLost(); });
}

void WebSocketSession::OnStreamEnded(bool signed_out) {
  net::post(ws_.get_executor(), [self = shared_from_this(), signed_out] {
    if (signed_out) {
      self->CloseWith(websocket::close_code::policy_error, "signed out");
    } else {
      self->CloseWith(websocket::close_code::try_again_later, "event stream ended; reconnect");
    }
  });
}

void WebSocketSession::DeliverEvent(const OutboundEvent& event) {
  if (!accepted_ || close_reason_) return;
  if (!event.is_message()) return Enqueue(event.frame);

  switch (sequencer_.OnLiveMessage(event)) {
    case EventSequencer::Verdict::kSend:
      return Enqueue(event.frame);
    case EventSequencer::Verdict::kDrop:
      return;
    case EventSequencer::Verdict::kHeld:
      return StartCatchUp();
    case EventSequencer::Verdict::kOverflow:
      return CloseWith(websocket::close_code::try_again_later,
                       "too many messages while catching up; reconnect");
  }
}

// Called wherever a catch-up may have become possible: stream ready, new
// cursors, a gap, or a drained write queue. Before the session's stream is
// ready it does nothing, so the first "ready" frame never precedes it.
void WebSocketSession::StartCatchUp() {
  if (!accepted_ || close_reason_) return;
  if (!sequencer_.CanStartCatchUp()) return;
  // Flow control: read the next backlog only once the page has taken most
  // of the previous one. OnWrite calls back here as the queue drains.
  if (queue_.size() > state_->options().max_websocket_queue / 2) return;

  std::map<std::string, int64_t> cursors = sequencer_.BeginCatchUp();
  if (cursors.empty()) return OnBacklog({});

  auto self = shared_from_this();
  bool queued = state_->TryRunGatewayWork([self, cursors = std::move(cursors)] {
    std::vector<Backlog> pages;
    for (const auto& [room, after_seq] : cursors) {
      Backlog page;
      page.room_id = room;
      HistoryQuery query{.after_seq = after_seq, .limit = kBacklogPageSize};
      Result<v1::ListMessagesResponse> history = self->session_->client().History(room, query);
      if (history.ok()) {
        page.messages.assign(history->messages().begin(), history->messages().end());
        page.has_more = history->has_more();
      } else {
        page.status = history.status();
      }
      pages.push_back(std::move(page));
    }
    net::post(self->ws_.get_executor(), [self, pages = std::move(pages)]() mutable {
      self->OnBacklog(std::move(pages));
    });
  });
  if (!queued) {
    CloseWith(websocket::close_code::try_again_later, "server busy; reconnect later");
  }
}

void WebSocketSession::OnBacklog(std::vector<Backlog> pages) {
  if (close_reason_) return;

  for (Backlog& page : pages) {
    Code code = page.status.code();
    if (code == Code::kUnauthenticated) {
      return CloseWith(websocket::close_code::policy_error, "signed out");
    }
    if (code == Code::kPermissionDenied || code == Code::kNotFound) {
      // The user left the room or it is gone: stop following it.
      sequencer_.ForgetRoom(page.room_id);
      continue;
    }
    if (!page.status.ok()) {
      spdlog::warn("catching up room {} for user {} failed: {}", page.room_id,
                   session_->user().user_id(), page.status.ToString());
      return CloseWith(websocket::close_code::try_again_later, "history unavailable; reconnect");
    }

    sequencer_.AcceptBacklog(page.room_id, &page.messages, page.has_more);
    if (page.messages.empty()) continue;
    nlohmann::json messages = nlohmann::json::array();
    for (const v1::Message& message : page.messages) messages.push_back(MessageJson(message));
    Enqueue(MakeFrame({{"type", "backlog"}, {"room_id", page.room_id}, {"messages", messages}}));
  }

  for (const OutboundEvent& held : sequencer_.EndCatchUp()) Enqueue(held.frame);

  if (sequencer_.catch_up_needed()) return StartCatchUp();
  // A stream that broke during the reads is caught up again once it is
  // back, and that catch-up ends with the ready frame.
  if (sequencer_.stream_ready()) SendReady();
}

void WebSocketSession::SendReady() {
  Enqueue(MakeFrame({{"type", "ready"}, {"cursors", sequencer_.cursors()}}));
}

void WebSocketSession::Enqueue(std::shared_ptr<const std::string> frame) {
  if (close_reason_) return;
  if (queue_.size() >= state_->options().max_websocket_queue) {
    spdlog::info("closing a WebSocket of user {}: {} frames queued", session_->user().user_id(),
                 queue_.size());
    return CloseWith(websocket::close_code::try_again_later, "too many events queued; reconnect");
  }
  queue_.push_back(std::move(frame));
  if (!writing_) Write();
}

void WebSocketSession::Write() {
  writing_ = true;
  ws_.async_write(net::buffer(*queue_.front()),
                  beast::bind_front_handler(&WebSocketSession::OnWrite, shared_from_this()));
}

void WebSocketSession::OnWrite(beast::error_code error, size_t /*bytes*/) {
  writing_ = false;
  if (error) {
    queue_.clear();
    Detach();
    return;
  }

  queue_.pop_front();
  if (close_reason_) return SendClose();
  if (!queue_.empty()) Write();
  StartCatchUp();
}

void WebSocketSession::CloseWith(websocket::close_code code, std::string reason) {
  if (close_reason_) return;
  close_reason_ = websocket::close_reason(code, reason);

  // Drop what waits, but keep the frame being written: its buffer is in use.
  if (writing_) {
    queue_.erase(queue_.begin() + 1, queue_.end());
  } else {
    queue_.clear();
    SendClose();
  }
  Detach();
}

void WebSocketSession::SendClose() {
  if (close_sent_ || !accepted_) return;
  close_sent_ = true;
  ws_.async_close(*close_reason_, [self = shared_from_this()](beast::error_code) {});
}

void WebSocketSession::Detach() {
  if (detached_) return;
  detached_ = true;
  session_->Detach(this);
}

}  // namespace dchat::ui
