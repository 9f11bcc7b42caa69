// A minimal dchat application: sign up (or log in), join "general", send a
// message, print the latest history, then follow the room for a few
// seconds.
//
//   dchat-example-minimal-client localhost:8080 alice 'a long password'
#include <chrono>
#include <cstdio>
#include <thread>

#include "dchat/client.h"

namespace {

int Fail(const char* what, const dchat::Status& status) {
  std::fprintf(stderr, "%s failed: %s\n", what, status.ToString().c_str());
  return 1;
}

void Print(const dchat::v1::Message& message) {
  std::printf("#%s %lld %s: %s\n", message.room_id().c_str(),
              static_cast<long long>(message.seq()), message.sender_username().c_str(),
              message.text().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s GATEWAY USERNAME PASSWORD\n", argv[0]);
    return 2;
  }
  auto connected = dchat::Client::Connect(argv[1]);
  if (!connected.ok()) return Fail("connect", connected.status());
  dchat::Client& chat = **connected;

  // Registering an existing name fails with ALREADY_EXISTS; then log in.
  auto registered = chat.Register(argv[2], argv[3]);
  if (!registered.ok() && registered.status().code() != dchat::Code::kAlreadyExists) {
    return Fail("register", registered.status());
  }
  auto login = chat.Login(argv[2], argv[3]);
  if (!login.ok()) return Fail("login", login.status());

  auto room = chat.JoinRoom("general");
  if (!room.ok()) return Fail("join", room.status());
  auto sent = chat.Send("general", "hello from the minimal client");
  if (!sent.ok()) return Fail("send", sent.status());

  auto history = chat.History("general", {.limit = 10});
  if (!history.ok()) return Fail("history", history.status());
  for (const auto& message : history->messages()) Print(message);

  // Follow live messages from the one just sent; the subscription
  // reconnects by itself if the connection drops.
  dchat::SubscribeOptions follow;
  follow.after_seq["general"] = sent->seq();
  auto subscription = chat.Subscribe(follow, [](const dchat::v1::Event& event) {
    if (event.has_message()) Print(event.message());
  });
  std::this_thread::sleep_for(std::chrono::seconds(5));
  subscription->Stop();
  return 0;
}
