#include "ui/event_sequencer.h"

#include <gtest/gtest.h>

namespace dchat::ui {
namespace {

OutboundEvent Live(const std::string& room, int64_t seq) {
  return OutboundEvent{room, seq, std::make_shared<const std::string>(room + std::to_string(seq))};
}

std::vector<v1::Message> Page(const std::string& room, int64_t first, int64_t last) {
  std::vector<v1::Message> messages;
  for (int64_t seq = first; seq <= last; ++seq) {
    v1::Message message;
    message.set_room_id(room);
    message.set_seq(seq);
    messages.push_back(message);
  }
  return messages;
}

std::vector<int64_t> Seqs(const std::vector<OutboundEvent>& events) {
  std::vector<int64_t> seqs;
  for (const OutboundEvent& event : events) seqs.push_back(event.seq);
  return seqs;
}

std::vector<int64_t> Seqs(const std::vector<v1::Message>& messages) {
  std::vector<int64_t> seqs;
  for (const v1::Message& message : messages) seqs.push_back(message.seq());
  return seqs;
}

using Verdict = EventSequencer::Verdict;

TEST(EventSequencerTest, RoomWithoutCursorStartsAtFirstLiveMessage) {
  EventSequencer sequencer(10);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 7)), Verdict::kSend);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 8)), Verdict::kSend);
  EXPECT_EQ(sequencer.cursors().at("general"), 8);
}

TEST(EventSequencerTest, DropsDuplicates) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 5);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 4)), Verdict::kDrop);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 5)), Verdict::kDrop);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 6)), Verdict::kSend);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 6)), Verdict::kDrop);
}

TEST(EventSequencerTest, GapHoldsAndRequestsCatchUp) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 5);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 8)), Verdict::kHeld);
  EXPECT_TRUE(sequencer.catch_up_needed());
  EXPECT_EQ(sequencer.cursors().at("general"), 5);
}

TEST(EventSequencerTest, CatchUpMergesBacklogAndHeldWithoutDuplicates) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 3);
  sequencer.RequestCatchUp();

  std::map<std::string, int64_t> cursors = sequencer.BeginCatchUp();
  EXPECT_EQ(cursors.at("general"), 3);
  EXPECT_TRUE(sequencer.catching_up());

  // Live messages arrive while History is read; some overlap with it.
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 6)), Verdict::kHeld);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 7)), Verdict::kHeld);

  std::vector<v1::Message> backlog = Page("general", 2, 6);
  sequencer.AcceptBacklog("general", &backlog, /*has_more=*/false);
  EXPECT_EQ(Seqs(backlog), (std::vector<int64_t>{4, 5, 6}));

  std::vector<OutboundEvent> released = sequencer.EndCatchUp();
  EXPECT_EQ(Seqs(released), (std::vector<int64_t>{7}));
  EXPECT_FALSE(sequencer.catching_up());
  EXPECT_FALSE(sequencer.catch_up_needed());
  EXPECT_EQ(sequencer.cursors().at("general"), 7);
}

TEST(EventSequencerTest, UnfinishedBacklogAsksForAnotherRound) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 0);
  sequencer.BeginCatchUp();
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 9)), Verdict::kHeld);

  std::vector<v1::Message> first = Page("general", 1, 4);
  sequencer.AcceptBacklog("general", &first, /*has_more=*/true);
  EXPECT_TRUE(sequencer.EndCatchUp().empty());
  EXPECT_TRUE(sequencer.catch_up_needed());

  sequencer.BeginCatchUp();
  std::vector<v1::Message> second = Page("general", 5, 8);
  sequencer.AcceptBacklog("general", &second, /*has_more=*/false);
  EXPECT_EQ(Seqs(sequencer.EndCatchUp()), (std::vector<int64_t>{9}));
  EXPECT_FALSE(sequencer.catch_up_needed());
}

TEST(EventSequencerTest, CompleteBacklogReleasesMessagePastGap) {
  // History read to the end shows nothing between the cursor and the held
  // message, so it is sent instead of waiting forever.
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 3);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 6)), Verdict::kHeld);
  sequencer.BeginCatchUp();
  std::vector<v1::Message> empty;
  sequencer.AcceptBacklog("general", &empty, /*has_more=*/false);
  EXPECT_EQ(Seqs(sequencer.EndCatchUp()), (std::vector<int64_t>{6}));
}

TEST(EventSequencerTest, OtherRoomsFlowDuringGap) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 1);
  sequencer.SetCursor("dev", 1);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 3)), Verdict::kHeld);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("dev", 2)), Verdict::kSend);
}

TEST(EventSequencerTest, OverflowWhenTooManyHeld) {
  EventSequencer sequencer(2);
  sequencer.BeginCatchUp();
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 1)), Verdict::kHeld);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 2)), Verdict::kHeld);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 3)), Verdict::kOverflow);
}

TEST(EventSequencerTest, ForgetRoomDropsCursor) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("gone", 4);
  sequencer.ForgetRoom("gone");
  EXPECT_TRUE(sequencer.BeginCatchUp().empty());
}

TEST(EventSequencerTest, NegativeCursorCountsAsZero) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", -5);
  EXPECT_EQ(sequencer.cursors().at("general"), 0);
}

TEST(EventSequencerTest, CursorRoomIdsAreLowerCase) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("General", 4);
  EXPECT_EQ(sequencer.cursors().count("General"), 0u);
  EXPECT_EQ(sequencer.cursors().at("general"), 4);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 4)), Verdict::kDrop);
}

// A catch-up that ran before the gateway stream was ready could read
// History before the gateway settles where live delivery starts, and its
// ready frame would come too early.
TEST(EventSequencerTest, CatchUpWaitsForStreamReady) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 2);
  sequencer.RequestCatchUp();
  EXPECT_FALSE(sequencer.stream_ready());
  EXPECT_FALSE(sequencer.CanStartCatchUp());

  sequencer.OnStreamReady();
  EXPECT_TRUE(sequencer.stream_ready());
  EXPECT_TRUE(sequencer.CanStartCatchUp());
}

TEST(EventSequencerTest, StreamReadyRequestsCatchUp) {
  EventSequencer sequencer(10);
  EXPECT_FALSE(sequencer.catch_up_needed());
  sequencer.OnStreamReady();
  EXPECT_TRUE(sequencer.catch_up_needed());
  EXPECT_TRUE(sequencer.BeginCatchUp().empty());
  EXPECT_FALSE(sequencer.CanStartCatchUp());
}

TEST(EventSequencerTest, NoCatchUpWhileOneRuns) {
  EventSequencer sequencer(10);
  sequencer.OnStreamReady();
  sequencer.BeginCatchUp();
  sequencer.RequestCatchUp();
  EXPECT_FALSE(sequencer.CanStartCatchUp());
  EXPECT_TRUE(sequencer.EndCatchUp().empty());
  EXPECT_TRUE(sequencer.CanStartCatchUp());
}

TEST(EventSequencerTest, LostStreamDefersCatchUpUntilReady) {
  EventSequencer sequencer(10);
  sequencer.OnStreamReady();
  sequencer.BeginCatchUp();
  EXPECT_TRUE(sequencer.EndCatchUp().empty());

  // A resume frame while the gateway stream reconnects waits for it.
  sequencer.OnStreamLost();
  sequencer.SetCursor("general", 0);
  sequencer.RequestCatchUp();
  EXPECT_FALSE(sequencer.CanStartCatchUp());

  sequencer.OnStreamReady();
  EXPECT_TRUE(sequencer.CanStartCatchUp());
  EXPECT_EQ(sequencer.BeginCatchUp().at("general"), 0);
}

TEST(EventSequencerTest, GapBeforeStreamReadyWaitsForIt) {
  EventSequencer sequencer(10);
  sequencer.SetCursor("general", 1);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 2)), Verdict::kSend);
  EXPECT_EQ(sequencer.OnLiveMessage(Live("general", 5)), Verdict::kHeld);
  EXPECT_FALSE(sequencer.CanStartCatchUp());

  sequencer.OnStreamReady();
  ASSERT_TRUE(sequencer.CanStartCatchUp());
  EXPECT_EQ(sequencer.BeginCatchUp().at("general"), 2);
  std::vector<v1::Message> backlog = Page("general", 3, 5);
  sequencer.AcceptBacklog("general", &backlog, /*has_more=*/false);
  EXPECT_EQ(Seqs(backlog), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_TRUE(sequencer.EndCatchUp().empty());
  EXPECT_EQ(sequencer.cursors().at("general"), 5);
}

}  // namespace
}  // namespace dchat::ui
