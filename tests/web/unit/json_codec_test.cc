#include "ui/json_codec.h"

#include <gtest/gtest.h>

namespace dchat::ui {
namespace {

TEST(JsonCodecTest, MessageKeepsTextVerbatim) {
  v1::Message message;
  message.set_room_id("general");
  message.set_seq(12);
  message.set_sender_id("u1");
  message.set_sender_username("alice");
  message.set_text("<script>alert(1)</script> & \"quotes\"");
  message.set_created_at_us(1700000000000000);

  nlohmann::json json = MessageJson(message);
  EXPECT_EQ(json["text"], "<script>alert(1)</script> & \"quotes\"");
  EXPECT_EQ(json["seq"], 12);
  EXPECT_EQ(json["sender_username"], "alice");
  EXPECT_EQ(json["created_at_us"], 1700000000000000);

  // Round trip through text, as the browser receives it.
  nlohmann::json parsed = nlohmann::json::parse(DumpJson(json));
  EXPECT_EQ(parsed["text"], message.text());
}

TEST(JsonCodecTest, EventTypes) {
  v1::Event message;
  message.mutable_message()->set_seq(1);
  EXPECT_EQ(EventJson(message)["type"], "message");

  v1::Event presence;
  presence.mutable_presence()->mutable_presence()->set_status(v1::PRESENCE_STATUS_AWAY);
  presence.mutable_presence()->add_room_ids("general");
  nlohmann::json presence_json = EventJson(presence);
  EXPECT_EQ(presence_json["type"], "presence");
  EXPECT_EQ(presence_json["presence"]["status"], "away");
  EXPECT_EQ(presence_json["room_ids"], nlohmann::json::array({"general"}));

  v1::Event typing;
  typing.mutable_typing()->set_room_id("general");
  typing.mutable_typing()->set_user_id("u2");
  nlohmann::json typing_json = EventJson(typing);
  EXPECT_EQ(typing_json["type"], "typing");
  EXPECT_EQ(typing_json["user_id"], "u2");

  v1::Event membership;
  membership.mutable_membership()->set_change(v1::MEMBERSHIP_CHANGE_LEFT);
  EXPECT_EQ(EventJson(membership)["change"], "left");
}

TEST(JsonCodecTest, ParsesChoices) {
  EXPECT_EQ(ParseChosenPresence("online"), v1::PRESENCE_STATUS_ONLINE);
  EXPECT_EQ(ParseChosenPresence("away"), v1::PRESENCE_STATUS_AWAY);
  EXPECT_EQ(ParseChosenPresence("offline"), std::nullopt);
  EXPECT_EQ(ParseVisibility("private"), v1::ROOM_VISIBILITY_PRIVATE);
  EXPECT_EQ(ParseVisibility("secret"), std::nullopt);
}

TEST(JsonCodecTest, DumpReplacesInvalidUtf8) {
  std::string dumped = DumpJson(nlohmann::json{{"text", "a\xffz"}});
  EXPECT_TRUE(nlohmann::json::accept(dumped));
}

}  // namespace
}  // namespace dchat::ui
