#include "dchat/client.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <utility>

#include "client_subscription.h"

namespace dchat {
namespace {

// Rooms or members asked for per page when walking a list. Servers accept
// up to --max-page-size, 500 by default.
constexpr int kListPageSize = 200;

// Returns 32 hex digits from 128 random bits. Collisions between keys of
// one sender in one room would merge two messages, so the bits come from a
// generator seeded by the operating system's entropy.
std::string RandomIdempotencyKey() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device entropy;
    std::seed_seq seed{entropy(), entropy(), entropy(), entropy(),
                       entropy(), entropy(), entropy(), entropy()};
    return std::mt19937_64(seed);
  }();

  char key[33];
  std::snprintf(key, sizeof key, "%016llx%016llx",
                static_cast<unsigned long long>(generator()),
                static_cast<unsigned long long>(generator()));
  return key;
}

class ClientImpl : public Client {
 public:
  ClientImpl(std::shared_ptr<grpc::Channel> channel,
             std::shared_ptr<SessionToken> token, ClientOptions options)
      : token_(std::move(token)), gateway_(std::move(channel), std::move(options)) {}

  std::string token() const override { return token_->Get(); }
  void set_token(std::string token) override { token_->Set(std::move(token)); }

  Result<v1::User> Register(const std::string& username,
                            const std::string& password,
                            const std::string& display_name) override {
    v1::RegisterRequest request;
    request.set_username(username);
    request.set_password(password);
    request.set_display_name(display_name);
    return gateway_.Register(request);
  }

  Result<v1::LoginResponse> Login(const std::string& username,
                                  const std::string& password) override {
    v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    Result<v1::LoginResponse> response = gateway_.Login(request);
    if (response.ok()) token_->Set(response->token());
    return response;
  }

  Status Logout() override {
    if (token_->Get().empty()) return OkStatus();

    // The token is forgotten whatever the server replies, because the
    // caller asked to end the session. An error still reaches the caller,
    // since the token may then remain valid on the server until it
    // expires.
    Result<v1::LogoutResponse> response = gateway_.Logout(v1::LogoutRequest());
    token_->Clear();
    if (!response.ok() && response.status().code() != Code::kUnauthenticated) {
      return response.status();
    }
    return OkStatus();
  }

  Result<v1::User> WhoAmI() override { return gateway_.WhoAmI(v1::WhoAmIRequest()); }

  Result<v1::Room> CreateRoom(const std::string& name, const std::string& topic,
                              v1::RoomVisibility visibility) override {
    v1::CreateRoomRequest request;
    request.set_name(name);
    request.set_topic(topic);
    request.set_visibility(visibility);
    return gateway_.CreateRoom(request);
  }

  Result<v1::Room> GetRoom(const std::string& room) override {
    v1::GetRoomRequest request;
    request.set_room_id(room);
    return gateway_.GetRoom(request);
  }

  Result<std::vector<v1::Room>> ListRooms(v1::RoomScope scope, int max_rooms) override {
    std::vector<v1::Room> rooms;
    v1::ListRoomsRequest request;
    request.set_scope(scope);
    while (static_cast<int>(rooms.size()) < max_rooms) {
      request.set_page_size(std::min(kListPageSize, max_rooms - static_cast<int>(rooms.size())));
      Result<v1::ListRoomsResponse> page = gateway_.ListRooms(request);
      if (!page.ok()) return page.status();

      for (v1::Room& room : *page->mutable_rooms()) rooms.push_back(std::move(room));
      if (IsLastPage(request.page_token(), page->next_page_token())) break;
      request.set_page_token(page->next_page_token());
    }
    if (static_cast<int>(rooms.size()) > max_rooms) rooms.resize(max_rooms);
    return rooms;
  }

  Result<v1::Room> JoinRoom(const std::string& room) override {
    v1::JoinRoomRequest request;
    request.set_room_id(room);
    return gateway_.JoinRoom(request);
  }

  Status LeaveRoom(const std::string& room) override {
    v1::LeaveRoomRequest request;
    request.set_room_id(room);
    return gateway_.LeaveRoom(request).status();
  }

  Status Invite(const std::string& room, const std::string& username) override {
    v1::InviteToRoomRequest request;
    request.set_room_id(room);
    request.set_invitee_username(username);
    return gateway_.InviteToRoom(request).status();
  }

  Result<std::vector<v1::Member>> ListMembers(const std::string& room,
                                              int max_members) override {
    std::vector<v1::Member> members;
    v1::ListMembersRequest request;
    request.set_room_id(room);
    while (static_cast<int>(members.size()) < max_members) {
      request.set_page_size(
          std::min(kListPageSize, max_members - static_cast<int>(members.size())));
      Result<v1::ListMembersResponse> page = gateway_.ListMembers(request);
      if (!page.ok()) return page.status();

      for (v1::Member& member : *page->mutable_members()) members.push_back(std::move(member));
      if (IsLastPage(request.page_token(), page->next_page_token())) break;
      request.set_page_token(page->next_page_token());
    }
    if (static_cast<int>(members.size()) > max_members) members.resize(max_members);
    return members;
  }

  Result<v1::Message> Send(const std::string& room, const std::string& text,
                           const std::string& idempotency_key) override {
    v1::SendMessageRequest request;
    request.set_room_id(room);
    request.set_text(text);
    request.set_idempotency_key(idempotency_key.empty() ? RandomIdempotencyKey()
                                                        : idempotency_key);
    return gateway_.SendMessage(request);
  }

  Result<v1::ListMessagesResponse> History(const std::string& room,
                                           const HistoryQuery& query) override {
    v1::ListMessagesRequest request;
    request.set_room_id(room);
    request.set_before_seq(query.before_seq);
    if (query.after_seq >= 0) request.set_after_seq(query.after_seq);
    request.set_limit(query.limit);
    return gateway_.ListMessages(request);
  }

  Result<v1::Presence> SetPresence(v1::PresenceStatus status) override {
    v1::SetPresenceRequest request;
    request.set_status(status);
    return gateway_.SetPresence(request);
  }

  Status SetTyping(const std::string& room) override {
    v1::SetTypingRequest request;
    request.set_room_id(room);
    return gateway_.SetTyping(request).status();
  }

  Result<v1::GetRosterResponse> Roster(const std::string& room) override {
    v1::GetRosterRequest request;
    request.set_room_id(room);
    return gateway_.GetRoster(request);
  }

  std::unique_ptr<Subscription> Subscribe(SubscribeOptions options,
                                          EventCallback on_event,
                                          DoneCallback on_done,
                                          ReconnectCallback on_reconnect) override {
    return std::make_unique<detail::ClientSubscription>(
        gateway_, std::move(options), std::move(on_event), std::move(on_done),
        std::move(on_reconnect));
  }

  const GatewayClient& gateway() const override { return gateway_; }

 private:
  // A server that returns the token it was given would otherwise keep the
  // walk going forever.
  static bool IsLastPage(const std::string& page_token, const std::string& next_page_token) {
    return next_page_token.empty() || next_page_token == page_token;
  }

  std::shared_ptr<SessionToken> token_;
  GatewayClient gateway_;
};

}  // namespace

Result<std::unique_ptr<Client>> Client::Connect(const std::string& address,
                                                ClientConfig config) {
  Result<std::shared_ptr<grpc::Channel>> channel = MakeChannel(address, config.channel);
  if (!channel.ok()) return channel.status();

  // The typed client reads the token from this shared holder on every call,
  // so Login and set_token take effect for calls that start afterwards.
  auto token = std::make_shared<SessionToken>(std::move(config.token));
  ClientOptions options = config.client;
  options.token = token;
  return std::unique_ptr<Client>(
      std::make_unique<ClientImpl>(*std::move(channel), std::move(token), std::move(options)));
}

}  // namespace dchat
