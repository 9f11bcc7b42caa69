// presence set, presence roster and typing.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "errors.h"

namespace dchat::cli {
namespace {

struct PresenceOptions {
  std::string status;
  std::string room;
};

void RunSetPresence(Context& context, const PresenceOptions& options) {
  Session session = context.OpenSession();
  auto status = options.status == "away" ? v1::PRESENCE_STATUS_AWAY : v1::PRESENCE_STATUS_ONLINE;
  Result<v1::Presence> presence = session.client->SetPresence(status);
  if (!presence.ok()) context.Fail(presence.status(), "cannot set presence to " + options.status);

  Output output = context.output();
  if (output.json()) {
    output.Json(ToJson(*presence));
    return;
  }
  std::string until = presence->expires_at_us() > 0
                          ? " until " + FormatLocalTime(presence->expires_at_us()) +
                                " unless renewed"
                          : "";
  output.Confirm("you are " + PresenceLabel(presence->status()) + until);
}

void RunRoster(Context& context, const PresenceOptions& options) {
  Session session = context.OpenSession();
  Result<v1::GetRosterResponse> roster = session.client->Roster(options.room);
  if (!roster.ok()) {
    context.Fail(roster.status(), "cannot read the roster of room '" + options.room + "'",
                 MemberAdvice(context, options.room));
  }

  Output output = context.output();
  if (output.json()) {
    nlohmann::json entries = nlohmann::json::array();
    for (const v1::RosterEntry& entry : roster->entries()) entries.push_back(ToJson(entry));
    output.Json({{"room_id", RoomId(options.room)}, {"entries", entries}});
    return;
  }
  if (roster->entries().empty()) {
    output.Note("nobody is online in #" + RoomId(options.room));
    return;
  }
  std::vector<std::vector<std::string>> rows = {{"USERNAME", "STATUS", "TYPING"}};
  for (const v1::RosterEntry& entry : roster->entries()) {
    rows.push_back({entry.username(), PresenceLabel(entry.status()), entry.typing() ? "yes" : ""});
  }
  output.Table(rows);
}

void RunTyping(Context& context, const PresenceOptions& options) {
  Session session = context.OpenSession();
  Status typing = session.client->SetTyping(options.room);
  if (!typing.ok()) {
    context.Fail(typing, "cannot send a typing notice to room '" + options.room + "'",
                 MemberAdvice(context, options.room));
  }

  Output output = context.output();
  if (output.json()) {
    output.Json({{"room_id", RoomId(options.room)}});
    return;
  }
  output.Confirm("told #" + RoomId(options.room) + " that you are typing, for 5 seconds");
}

}  // namespace

void AddPresenceCommands(CLI::App& app, Context& context) {
  auto options = std::make_shared<PresenceOptions>();

  CLI::App* presence = app.add_subcommand("presence", "Set your status or see who is online");
  presence->require_subcommand(0, 1);

  CLI::App* set = presence->add_subcommand(
      "set", "Set your status until the presence service lets it expire; while a "
             "'dchat follow' runs you count as online");
  set->add_option("STATUS", options->status, "online or away")
      ->required()
      ->check(CLI::IsMember({"online", "away"}));
  context.SetAction(set, [&context, options] { RunSetPresence(context, *options); });

  CLI::App* roster = presence->add_subcommand(
      "roster", "List who is online or away in a room, and who is typing; only for members");
  roster->add_option("ROOM", options->room, "Room name or id, in any case")->required();
  context.SetAction(roster, [&context, options] { RunRoster(context, *options); });

  CLI::App* typing = app.add_subcommand(
      "typing", "Tell a room's members that you are typing; the notice lasts 5 seconds");
  typing->add_option("ROOM", options->room, "Room name or id, in any case")->required();
  context.SetAction(typing, [&context, options] { RunTyping(context, *options); });
}

}  // namespace dchat::cli
