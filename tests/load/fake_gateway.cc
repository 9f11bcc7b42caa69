#include "load/fake_gateway.h"

#include <thread>

namespace dchat::testing {

Result<v1::User> FakeGateway::Register(const CallContext&, const v1::RegisterRequest& request) {
  v1::User user;
  user.set_user_id("id-" + request.username());
  user.set_username(request.username());
  return user;
}

Result<v1::LoginResponse> FakeGateway::Login(const CallContext&, const v1::LoginRequest& request) {
  v1::LoginResponse response;
  response.set_token("token-" + request.username());
  response.mutable_user()->set_user_id("id-" + request.username());
  response.mutable_user()->set_username(request.username());
  return response;
}

Result<v1::Room> FakeGateway::CreateRoom(const CallContext&, const v1::CreateRoomRequest& request) {
  v1::Room room;
  room.set_room_id(request.name());
  room.set_name(request.name());
  return room;
}

Result<v1::Room> FakeGateway::JoinRoom(const CallContext&, const v1::JoinRoomRequest& request) {
  v1::Room room;
  room.set_room_id(request.room_id());
  room.set_name(request.room_id());
  return room;
}

Result<v1::Message> FakeGateway::SendMessage(const CallContext& call,
                                             const v1::SendMessageRequest& request) {
  sends_.fetch_add(1);
  if (call.bearer_token().empty()) return UnauthenticatedError("no session token");
  std::this_thread::sleep_for(send_delay_.load());

  v1::Message message;
  message.set_room_id(request.room_id());
  message.set_text(request.text());
  message.set_sender_id("id-sender");
  std::vector<std::shared_ptr<ServerStream<v1::Event>>> streams;
  {
    // Sequences and stream writes under one lock, so every stream gets
    // each room's messages in order.
    std::lock_guard lock(mutex_);
    message.set_seq(++last_seq_[request.room_id()]);
    v1::Event event;
    *event.mutable_message() = message;
    for (const auto& stream : streams_) stream->Write(event);
  }
  return message;
}

Result<v1::ListMessagesResponse> FakeGateway::ListMessages(const CallContext&,
                                                           const v1::ListMessagesRequest& request) {
  v1::ListMessagesResponse response;
  std::lock_guard lock(mutex_);
  response.set_last_seq(last_seq_[request.room_id()]);
  return response;
}

void FakeGateway::Subscribe(const v1::SubscribeRequest&,
                            std::shared_ptr<ServerStream<v1::Event>> stream) {
  v1::Event ready;
  ready.mutable_ready();
  std::lock_guard lock(mutex_);
  stream->Write(ready);
  streams_.push_back(std::move(stream));
}

}  // namespace dchat::testing
