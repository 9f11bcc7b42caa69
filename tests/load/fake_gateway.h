// FakeGateway: an in-process stand-in for the dchat gateway with just
// enough behaviour for dchat-load: accounts, rooms, sends with sequence
// numbers, history pages, and event streams that get every send.
#ifndef DCHAT_TESTS_LOAD_FAKE_GATEWAY_H_
#define DCHAT_TESTS_LOAD_FAKE_GATEWAY_H_

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dchat/skeletons.h"

namespace dchat::testing {

class FakeGateway : public GatewayServiceBase {
 public:
  // How long each SendMessage waits before it replies.
  void set_send_delay(std::chrono::milliseconds delay) { send_delay_ = delay; }

  // Sends that reached the fake, replied to or not.
  int64_t sends() const { return sends_.load(); }

  Result<v1::User> Register(const CallContext& call, const v1::RegisterRequest& request) override;
  Result<v1::LoginResponse> Login(const CallContext& call,
                                  const v1::LoginRequest& request) override;
  Result<v1::Room> CreateRoom(const CallContext& call,
                              const v1::CreateRoomRequest& request) override;
  Result<v1::Room> JoinRoom(const CallContext& call, const v1::JoinRoomRequest& request) override;
  Result<v1::Message> SendMessage(const CallContext& call,
                                  const v1::SendMessageRequest& request) override;
  Result<v1::ListMessagesResponse> ListMessages(const CallContext& call,
                                                const v1::ListMessagesRequest& request) override;
  void Subscribe(const v1::SubscribeRequest& request,
                 std::shared_ptr<ServerStream<v1::Event>> stream) override;

 private:
  std::atomic<std::chrono::milliseconds> send_delay_{std::chrono::milliseconds(0)};
  std::atomic<int64_t> sends_{0};

  std::mutex mutex_;
  std::map<std::string, int64_t> last_seq_;  // by room id; guarded by mutex_
  std::vector<std::shared_ptr<ServerStream<v1::Event>>> streams_;  // guarded by mutex_
};

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_LOAD_FAKE_GATEWAY_H_
