// Tests of the reference presence service through its gRPC interface.
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dchat/presence_client.h"
#include "dchat/reference_services.h"
#include "internal/validation.h"
#include "support/event_collector.h"
#include "support/in_process_server.h"

namespace dchat {
namespace {

using ::testing::HasSubstr;
using testing::ActingAs;
using std::chrono::milliseconds;

using PresenceEvents = testing::EventCollector<v1::PresenceWatchEvent>;

const CallOptions kAlice = ActingAs("alice-id", "alice");
const CallOptions kBob = ActingAs("bob-id", "bob");
const CallOptions kCarol = ActingAs("carol-id", "carol");
const CallOptions kDave = ActingAs("dave-id", "dave");

bool IsPresenceOf(const v1::PresenceWatchEvent& event, const std::string& user_id,
                  v1::PresenceStatus status) {
  return event.has_presence() && event.presence().presence().user_id() == user_id &&
         event.presence().presence().status() == status;
}

class PresenceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartService(TestOptions()); }

  void TearDown() override { server_.Shutdown(); }

  // A fast sweep, so that expiry shows within a test's patience.
  static PresenceServiceOptions TestOptions() {
    PresenceServiceOptions options;
    options.sweep_interval = milliseconds(50);
    return options;
  }

  void StartService(PresenceServiceOptions options, ServerOptions server_options = {}) {
    Status started = server_.Start({NewPresenceService(options)}, std::move(server_options));
    ASSERT_TRUE(started.ok()) << started.ToString();
    client_ = std::make_unique<PresenceClient>(server_.channel());
  }

  Result<v1::Presence> Heartbeat(const CallOptions& actor, v1::PresenceStatus status,
                                 const std::vector<std::string>& room_ids,
                                 int64_t ttl_ms = 0) {
    v1::HeartbeatRequest request;
    request.set_status(status);
    request.set_ttl_ms(ttl_ms);
    for (const std::string& room_id : room_ids) request.add_room_ids(room_id);
    return client_->Heartbeat(request, actor);
  }

  Result<v1::SetTypingResponse> SetTyping(const CallOptions& actor, const std::string& room_id) {
    v1::SetTypingRequest request;
    request.set_room_id(room_id);
    return client_->SetTyping(request, actor);
  }

  v1::PresenceStatus StatusOf(const std::string& user_id) {
    v1::GetPresenceRequest request;
    request.add_user_ids(user_id);
    Result<v1::GetPresenceResponse> response = client_->GetPresence(request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok() || response->presences_size() != 1) return v1::PRESENCE_STATUS_UNSPECIFIED;
    return response->presences(0).status();
  }

  std::vector<v1::RosterEntry> Roster(const std::string& room_id) {
    v1::GetRosterRequest request;
    request.set_room_id(room_id);
    Result<v1::GetRosterResponse> response = client_->GetRoster(request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return {};
    return {response->entries().begin(), response->entries().end()};
  }

  std::unique_ptr<StreamReader<v1::PresenceWatchEvent>> Watch(
      PresenceEvents& events, const std::vector<std::string>& room_ids = {}) {
    v1::WatchPresenceRequest request;
    for (const std::string& room_id : room_ids) request.add_room_ids(room_id);
    return client_->Watch(request, events.OnMessage(), events.OnDone());
  }

  // Brings a probe user online and offline in `room_id` until `events` shows
  // that the watch is registered, then clears the collected events. The
  // service sends no backlog, so changes made before that point may be
  // missed.
  void WaitUntilWatching(PresenceEvents& events, const std::string& room_id) {
    const CallOptions probe = ActingAs("probe-id", "probe");
    for (int attempt = 0; attempt < 100; ++attempt) {
      ASSERT_TRUE(Heartbeat(probe, v1::PRESENCE_STATUS_ONLINE, {room_id}).ok());
      ASSERT_TRUE(Heartbeat(probe, v1::PRESENCE_STATUS_OFFLINE, {}).ok());
      auto seen = events.WaitFor([](const v1::PresenceWatchEvent& event) {
        return event.has_presence() && event.presence().presence().user_id() == "probe-id";
      }, milliseconds(50));
      if (seen) {
        events.Clear();
        return;
      }
    }
    FAIL() << "the presence watch never started";
  }

  testing::InProcessServer server_;
  std::unique_ptr<PresenceClient> client_;
};

TEST_F(PresenceServiceTest, HeartbeatSetsStatus) {
  const int64_t before_us = internal::NowMicros();

  Result<v1::Presence> presence = Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}, 5000);

  ASSERT_TRUE(presence.ok()) << presence.status().ToString();
  EXPECT_EQ(presence->user_id(), "alice-id");
  EXPECT_EQ(presence->username(), "alice");
  EXPECT_EQ(presence->status(), v1::PRESENCE_STATUS_ONLINE);
  EXPECT_GE(presence->changed_at_us(), before_us);
  EXPECT_GE(presence->expires_at_us(), before_us + 5'000'000);
  EXPECT_LE(presence->expires_at_us(), internal::NowMicros() + 5'000'000);
  EXPECT_EQ(StatusOf("alice-id"), v1::PRESENCE_STATUS_ONLINE);
}

TEST_F(PresenceServiceTest, HeartbeatUsesDefaultTtlForZero) {
  const int64_t before_us = internal::NowMicros();

  Result<v1::Presence> presence = Heartbeat(kAlice, v1::PRESENCE_STATUS_AWAY, {}, 0);

  ASSERT_TRUE(presence.ok()) << presence.status().ToString();
  EXPECT_EQ(presence->status(), v1::PRESENCE_STATUS_AWAY);
  EXPECT_GE(presence->expires_at_us(), before_us + 30'000'000);
  EXPECT_LE(presence->expires_at_us(), internal::NowMicros() + 30'000'000);
}

TEST_F(PresenceServiceTest, HeartbeatKeepsChangeTimeWhileStatusHolds) {
  Result<v1::Presence> first = Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {});
  ASSERT_TRUE(first.ok());
  std::this_thread::sleep_for(milliseconds(5));

  Result<v1::Presence> refresh = Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {});
  Result<v1::Presence> away = Heartbeat(kAlice, v1::PRESENCE_STATUS_AWAY, {});

  ASSERT_TRUE(refresh.ok());
  ASSERT_TRUE(away.ok());
  EXPECT_EQ(refresh->changed_at_us(), first->changed_at_us());
  EXPECT_GT(refresh->expires_at_us(), first->expires_at_us());
  EXPECT_GT(away->changed_at_us(), first->changed_at_us());
}

TEST_F(PresenceServiceTest, HeartbeatRejectsTtlOutOfRange) {
  for (int64_t ttl_ms : {999, 3'600'001, -5}) {
    SCOPED_TRACE(ttl_ms);
    Result<v1::Presence> presence = Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {}, ttl_ms);

    EXPECT_EQ(presence.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(presence.status().message(), HasSubstr("ttl_ms " + std::to_string(ttl_ms)));
    EXPECT_THAT(presence.status().message(), HasSubstr("1000 to 3600000"));
  }
  EXPECT_EQ(StatusOf("alice-id"), v1::PRESENCE_STATUS_OFFLINE);
}

TEST_F(PresenceServiceTest, HeartbeatRejectsUnspecifiedStatus) {
  Result<v1::Presence> presence = Heartbeat(kAlice, v1::PRESENCE_STATUS_UNSPECIFIED, {});

  EXPECT_EQ(presence.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(presence.status().message(), HasSubstr("status 0"));
  EXPECT_EQ(StatusOf("alice-id"), v1::PRESENCE_STATUS_OFFLINE);
}

TEST_F(PresenceServiceTest, HeartbeatRejectsTooManyRooms) {
  std::vector<std::string> room_ids;
  for (int i = 0; i < 1001; ++i) room_ids.push_back("room-" + std::to_string(i));

  Result<v1::Presence> presence = Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, room_ids);

  EXPECT_EQ(presence.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(presence.status().message(), HasSubstr("1001"));
  EXPECT_EQ(StatusOf("alice-id"), v1::PRESENCE_STATUS_OFFLINE);
  EXPECT_TRUE(Roster("room-1").empty());
}

TEST_F(PresenceServiceTest, HeartbeatRejectsMalformedRoomId) {
  Result<v1::Presence> presence =
      Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby", "not a room"});

  EXPECT_EQ(presence.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(presence.status().message(), HasSubstr("\"not a room\""));
  EXPECT_TRUE(Roster("lobby").empty());
}

TEST_F(PresenceServiceTest, HeartbeatRequiresActor) {
  Result<v1::Presence> presence = Heartbeat(CallOptions{}, v1::PRESENCE_STATUS_ONLINE, {});

  EXPECT_EQ(presence.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(presence.status().message(), HasSubstr("missing actor"));
}

TEST_F(PresenceServiceTest, OfflineHeartbeatEndsPresence) {
  PresenceEvents events;
  auto stream = Watch(events, {"lobby"});
  WaitUntilWatching(events, "lobby");
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  ASSERT_TRUE(SetTyping(kAlice, "lobby").ok());

  Result<v1::Presence> presence = Heartbeat(kAlice, v1::PRESENCE_STATUS_OFFLINE, {});

  ASSERT_TRUE(presence.ok()) << presence.status().ToString();
  EXPECT_EQ(presence->status(), v1::PRESENCE_STATUS_OFFLINE);
  EXPECT_EQ(presence->expires_at_us(), 0);
  EXPECT_EQ(StatusOf("alice-id"), v1::PRESENCE_STATUS_OFFLINE);
  EXPECT_TRUE(Roster("lobby").empty());
  auto offline = events.WaitFor([](const v1::PresenceWatchEvent& event) {
    return IsPresenceOf(event, "alice-id", v1::PRESENCE_STATUS_OFFLINE);
  });
  ASSERT_TRUE(offline.has_value());
  EXPECT_THAT(offline->presence().room_ids(), ::testing::ElementsAre("lobby"));
}

TEST_F(PresenceServiceTest, GetPresenceKeepsRequestOrder) {
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {}).ok());
  ASSERT_TRUE(Heartbeat(kBob, v1::PRESENCE_STATUS_AWAY, {}).ok());
  v1::GetPresenceRequest request;
  for (const char* user_id : {"bob-id", "stranger-id", "alice-id"}) request.add_user_ids(user_id);

  Result<v1::GetPresenceResponse> response = client_->GetPresence(request);

  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->presences_size(), 3);
  EXPECT_EQ(response->presences(0).user_id(), "bob-id");
  EXPECT_EQ(response->presences(0).status(), v1::PRESENCE_STATUS_AWAY);
  EXPECT_EQ(response->presences(0).username(), "bob");
  EXPECT_EQ(response->presences(1).user_id(), "stranger-id");
  EXPECT_EQ(response->presences(1).status(), v1::PRESENCE_STATUS_OFFLINE);
  EXPECT_EQ(response->presences(1).expires_at_us(), 0);
  EXPECT_EQ(response->presences(2).user_id(), "alice-id");
  EXPECT_EQ(response->presences(2).status(), v1::PRESENCE_STATUS_ONLINE);
}

TEST_F(PresenceServiceTest, GetPresenceRejectsTooManyUsers) {
  v1::GetPresenceRequest request;
  for (int i = 0; i < 501; ++i) request.add_user_ids("user-" + std::to_string(i));

  Result<v1::GetPresenceResponse> response = client_->GetPresence(request);

  EXPECT_EQ(response.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(response.status().message(), HasSubstr("501"));
  EXPECT_THAT(response.status().message(), HasSubstr("at most 500"));
}

TEST_F(PresenceServiceTest, GetPresenceRejectsEmptyUserId) {
  v1::GetPresenceRequest request;
  request.add_user_ids("alice-id");
  request.add_user_ids("");

  Result<v1::GetPresenceResponse> response = client_->GetPresence(request);

  EXPECT_EQ(response.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(response.status().message(), HasSubstr("user_ids[1]"));
}

TEST_F(PresenceServiceTest, RosterListsRoomUsersByUsername) {
  ASSERT_TRUE(Heartbeat(kCarol, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_AWAY, {"lobby", "general"}).ok());
  ASSERT_TRUE(Heartbeat(kBob, v1::PRESENCE_STATUS_ONLINE, {"Lobby"}).ok());
  ASSERT_TRUE(Heartbeat(kDave, v1::PRESENCE_STATUS_ONLINE, {"general"}).ok());

  std::vector<v1::RosterEntry> roster = Roster("LOBBY");

  ASSERT_EQ(roster.size(), 3u);
  EXPECT_EQ(roster[0].username(), "alice");
  EXPECT_EQ(roster[0].user_id(), "alice-id");
  EXPECT_EQ(roster[0].status(), v1::PRESENCE_STATUS_AWAY);
  EXPECT_EQ(roster[1].username(), "bob");
  EXPECT_EQ(roster[1].status(), v1::PRESENCE_STATUS_ONLINE);
  EXPECT_EQ(roster[2].username(), "carol");
  for (const v1::RosterEntry& entry : roster) EXPECT_FALSE(entry.typing());
}

TEST_F(PresenceServiceTest, RosterFollowsRoomChanges) {
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());

  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"general"}).ok());

  EXPECT_TRUE(Roster("lobby").empty());
  ASSERT_EQ(Roster("general").size(), 1u);
}

TEST_F(PresenceServiceTest, RosterRejectsMalformedRoomId) {
  v1::GetRosterRequest request;
  request.set_room_id("");

  Result<v1::GetRosterResponse> response = client_->GetRoster(request);

  EXPECT_EQ(response.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(response.status().message(), HasSubstr("room_id is missing"));
}

TEST_F(PresenceServiceTest, RosterShowsTyping) {
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  ASSERT_TRUE(Heartbeat(kBob, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  const int64_t before_us = internal::NowMicros();

  Result<v1::SetTypingResponse> typing = SetTyping(kAlice, "lobby");

  ASSERT_TRUE(typing.ok()) << typing.status().ToString();
  EXPECT_GE(typing->expires_at_us(), before_us + 5'000'000);
  std::vector<v1::RosterEntry> roster = Roster("lobby");
  ASSERT_EQ(roster.size(), 2u);
  EXPECT_TRUE(roster[0].typing());
  EXPECT_FALSE(roster[1].typing());
}

TEST_F(PresenceServiceTest, SetTypingRequiresActorAndRoom) {
  Result<v1::SetTypingResponse> anonymous = SetTyping(CallOptions{}, "lobby");
  Result<v1::SetTypingResponse> no_room = SetTyping(kAlice, "");

  EXPECT_EQ(anonymous.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(no_room.status().code(), Code::kInvalidArgument);
}

TEST_F(PresenceServiceTest, TypingExpires) {
  server_.Shutdown();
  PresenceServiceOptions options = TestOptions();
  options.typing_ttl = milliseconds(300);
  StartService(options);
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  ASSERT_TRUE(SetTyping(kAlice, "lobby").ok());
  ASSERT_TRUE(Roster("lobby").at(0).typing());

  std::this_thread::sleep_for(milliseconds(600));

  std::vector<v1::RosterEntry> roster = Roster("lobby");
  ASSERT_EQ(roster.size(), 1u);
  EXPECT_FALSE(roster[0].typing());
}

TEST_F(PresenceServiceTest, TypingEventRepeatsAtMostOncePerSecond) {
  PresenceEvents events;
  auto stream = Watch(events, {"lobby"});
  WaitUntilWatching(events, "lobby");

  ASSERT_TRUE(SetTyping(kAlice, "lobby").ok());
  ASSERT_TRUE(SetTyping(kAlice, "lobby").ok());
  ASSERT_TRUE(SetTyping(kBob, "lobby").ok());

  // Bob's notice comes after Alice's second call, so hers would be there.
  auto bob_typing = events.WaitFor([](const v1::PresenceWatchEvent& event) {
    return event.has_typing() && event.typing().user_id() == "bob-id";
  });
  ASSERT_TRUE(bob_typing.has_value());
  std::vector<v1::PresenceWatchEvent> alice_typing =
      events.Matching([](const v1::PresenceWatchEvent& event) {
        return event.has_typing() && event.typing().user_id() == "alice-id";
      });
  ASSERT_EQ(alice_typing.size(), 1u);
  EXPECT_EQ(alice_typing[0].typing().room_id(), "lobby");
  EXPECT_GT(alice_typing[0].typing().expires_at_us(), 0);
}

TEST_F(PresenceServiceTest, HeartbeatEmitsEventOnlyOnStatusChange) {
  PresenceEvents events;
  auto stream = Watch(events, {"lobby"});
  WaitUntilWatching(events, "lobby");

  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_AWAY, {"lobby"}).ok());

  auto away = events.WaitFor([](const v1::PresenceWatchEvent& event) {
    return IsPresenceOf(event, "alice-id", v1::PRESENCE_STATUS_AWAY);
  });
  ASSERT_TRUE(away.has_value());
  std::vector<v1::PresenceWatchEvent> alice = events.Matching(
      [](const v1::PresenceWatchEvent& event) {
        return event.has_presence() && event.presence().presence().user_id() == "alice-id";
      });
  ASSERT_EQ(alice.size(), 2u);
  EXPECT_EQ(alice[0].presence().presence().status(), v1::PRESENCE_STATUS_ONLINE);
  EXPECT_EQ(alice[0].presence().presence().username(), "alice");
  EXPECT_THAT(alice[0].presence().room_ids(), ::testing::ElementsAre("lobby"));
  EXPECT_EQ(alice[1].presence().presence().status(), v1::PRESENCE_STATUS_AWAY);
}

TEST_F(PresenceServiceTest, ExpiryEmitsOfflineEvent) {
  PresenceEvents events;
  auto stream = Watch(events, {"lobby"});
  WaitUntilWatching(events, "lobby");
  const auto started = std::chrono::steady_clock::now();

  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"lobby"}, 1000).ok());

  // Due within the time to live plus one sweep interval, with slack for a
  // loaded machine.
  auto offline = events.WaitFor([](const v1::PresenceWatchEvent& event) {
    return IsPresenceOf(event, "alice-id", v1::PRESENCE_STATUS_OFFLINE);
  }, milliseconds(1000 + 50 + 1000));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(offline.has_value());
  EXPECT_GE(elapsed, milliseconds(1000));
  EXPECT_THAT(offline->presence().room_ids(), ::testing::ElementsAre("lobby"));
  EXPECT_EQ(offline->presence().presence().expires_at_us(), 0);
  EXPECT_EQ(StatusOf("alice-id"), v1::PRESENCE_STATUS_OFFLINE);
  EXPECT_TRUE(Roster("lobby").empty());
}

TEST_F(PresenceServiceTest, WatchFiltersRooms) {
  PresenceEvents events;
  auto stream = Watch(events, {"lobby"});
  WaitUntilWatching(events, "lobby");

  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"general"}).ok());
  ASSERT_TRUE(SetTyping(kAlice, "general").ok());
  ASSERT_TRUE(Heartbeat(kBob, v1::PRESENCE_STATUS_ONLINE, {"lobby"}).ok());

  auto bob = events.WaitFor([](const v1::PresenceWatchEvent& event) {
    return IsPresenceOf(event, "bob-id", v1::PRESENCE_STATUS_ONLINE);
  });
  ASSERT_TRUE(bob.has_value());
  EXPECT_TRUE(events.Matching([](const v1::PresenceWatchEvent& event) {
    return event.has_typing() ||
           (event.has_presence() && event.presence().presence().user_id() == "alice-id");
  }).empty());
}

TEST_F(PresenceServiceTest, WatchTellsNewRoomsOfUnchangedStatus) {
  PresenceEvents events;
  auto stream = Watch(events, {"lobby"});
  WaitUntilWatching(events, "lobby");
  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"general"}).ok());

  ASSERT_TRUE(Heartbeat(kAlice, v1::PRESENCE_STATUS_ONLINE, {"general", "lobby"}).ok());

  auto alice = events.WaitFor([](const v1::PresenceWatchEvent& event) {
    return IsPresenceOf(event, "alice-id", v1::PRESENCE_STATUS_ONLINE);
  });
  ASSERT_TRUE(alice.has_value());
  EXPECT_THAT(alice->presence().room_ids(), ::testing::ElementsAre("lobby"));
}

TEST_F(PresenceServiceTest, WatchRejectsTooManyRooms) {
  PresenceEvents events;
  std::vector<std::string> room_ids;
  for (int i = 0; i < 1001; ++i) room_ids.push_back("room-" + std::to_string(i));

  auto stream = Watch(events, room_ids);

  std::optional<Status> end = events.WaitForEnd();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->code(), Code::kInvalidArgument);
  EXPECT_THAT(end->message(), HasSubstr("1001"));
}

TEST_F(PresenceServiceTest, SlowWatcherIsEndedWithResourceExhausted) {
  server_.Shutdown();
  ServerOptions server_options;
  server_options.stream_queue_limit = 2;
  StartService(TestOptions(), server_options);

  // A pull-form stream that the test stops reading, so the server's queue
  // fills once the transport's buffers have.
  auto stream = client_->Watch(v1::WatchPresenceRequest());
  std::atomic<bool> watching{false};
  std::thread prober([&] {
    const CallOptions probe = ActingAs("probe-id", "probe");
    v1::PresenceStatus status = v1::PRESENCE_STATUS_ONLINE;
    while (!watching) {
      status = status == v1::PRESENCE_STATUS_ONLINE ? v1::PRESENCE_STATUS_AWAY
                                                    : v1::PRESENCE_STATUS_ONLINE;
      (void)Heartbeat(probe, status, {});
      std::this_thread::sleep_for(milliseconds(20));
    }
  });
  v1::PresenceWatchEvent first;
  const bool read = stream->Read(&first);
  watching = true;
  prober.join();
  ASSERT_TRUE(read);

  // Each event names 1,000 rooms of 60 characters, about 60 KB, so 300 of
  // them (18 MB) fill the loopback socket buffers and HTTP/2 flow-control
  // windows long before the last one.
  std::vector<std::string> room_ids;
  for (int i = 0; i < 1000; ++i) room_ids.push_back(std::string(55, 'r') + std::to_string(10000 + i));
  for (int i = 0; i < 300; ++i) {
    const auto status = i % 2 == 0 ? v1::PRESENCE_STATUS_ONLINE : v1::PRESENCE_STATUS_AWAY;
    ASSERT_TRUE(Heartbeat(kAlice, status, room_ids).ok());
  }

  v1::PresenceWatchEvent event;
  int received = 0;
  while (stream->Read(&event)) ++received;
  Status end = stream->Finish();
  EXPECT_EQ(end.code(), Code::kResourceExhausted);
  EXPECT_THAT(end.message(), HasSubstr("too slow"));
  EXPECT_LT(received, 300);
}

TEST_F(PresenceServiceTest, ServiceStopsSweeperWithoutServer) {
  std::shared_ptr<PresenceServiceBase> service = NewPresenceService(TestOptions());
  service->OnShutdown();

  // The destructor joins the stopped sweeper and returns.
  service.reset();
  SUCCEED();
}

}  // namespace
}  // namespace dchat
