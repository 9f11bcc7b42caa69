// room create, list, info, join, leave, invite and members.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "errors.h"

namespace dchat::cli {
namespace {

struct RoomOptions {
  std::string room;
  std::string name;
  std::string topic;
  std::string username;
  bool private_room = false;
  bool joined = false;
};

void RunCreate(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  auto visibility = options.private_room ? v1::ROOM_VISIBILITY_PRIVATE : v1::ROOM_VISIBILITY_PUBLIC;
  Result<v1::Room> room = session.client->CreateRoom(options.name, options.topic, visibility);
  if (!room.ok()) {
    context.Fail(room.status(), "cannot create room '" + options.name + "'",
                 {{Code::kAlreadyExists,
                   "to use it, run " + context.CommandLine("room join " + options.name)}});
  }

  Output output = context.output();
  if (output.json()) {
    output.Json(ToJson(*room));
    return;
  }
  output.Confirm("created " + VisibilityLabel(room->visibility()) + " room #" + room->name());
}

void RunList(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  auto scope = options.joined ? v1::ROOM_SCOPE_JOINED : v1::ROOM_SCOPE_VISIBLE;
  Result<std::vector<v1::Room>> rooms = session.client->ListRooms(scope);
  if (!rooms.ok()) context.Fail(rooms.status(), "cannot list rooms");

  Output output = context.output();
  if (output.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const v1::Room& room : *rooms) list.push_back(ToJson(room));
    output.Json({{"rooms", list}});
    return;
  }
  if (rooms->empty()) {
    output.Note(options.joined
                    ? "you have joined no room; " + context.CommandLine("room list") + " shows the others"
                    : "no rooms; create one with " + context.CommandLine("room create NAME"));
    return;
  }
  std::vector<std::vector<std::string>> rows = {{"ROOM", "MEMBERS", "VISIBILITY", "TOPIC"}};
  for (const v1::Room& room : *rooms) {
    rows.push_back({"#" + room.name(), std::to_string(room.member_count()),
                    VisibilityLabel(room.visibility()), EscapeForTerminal(room.topic())});
  }
  output.Table(rows);
}

void RunInfo(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  Result<v1::Room> room = session.client->GetRoom(options.room);
  if (!room.ok()) context.Fail(room.status(), "cannot read room '" + options.room + "'");

  Output output = context.output();
  if (output.json()) {
    output.Json(ToJson(*room));
    return;
  }
  output.Table({
      {"room:", "#" + room->name()},
      {"id:", room->room_id()},
      {"topic:", EscapeForTerminal(room->topic())},
      {"visibility:", VisibilityLabel(room->visibility())},
      {"members:", std::to_string(room->member_count())},
      {"created:", FormatLocalTime(room->created_at_us())},
  });
}

void RunJoin(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  Result<v1::Room> room = session.client->JoinRoom(options.room);
  if (!room.ok()) {
    context.Fail(room.status(), "cannot join room '" + options.room + "'",
                 {{Code::kPermissionDenied,
                   "a member can let you in with 'dchat room invite " + options.room + " " +
                       session.credentials.username + "'"}});
  }

  Output output = context.output();
  if (output.json()) {
    output.Json(ToJson(*room));
    return;
  }
  output.Confirm("joined #" + room->name());
}

void RunLeave(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  Status left = session.client->LeaveRoom(options.room);
  if (!left.ok()) {
    context.Fail(left, "cannot leave room '" + options.room + "'",
                 {{Code::kNotFound, context.CommandLine("room list --joined") + " shows the rooms you are in"}});
  }

  Output output = context.output();
  if (output.json()) {
    output.Json({{"room_id", RoomId(options.room)}});
    return;
  }
  output.Confirm("left #" + options.room);
}

void RunInvite(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  Status invited = session.client->Invite(options.room, options.username);
  if (!invited.ok()) {
    NextSteps advice = MemberAdvice(context, options.room);
    advice[Code::kNotFound] = "check the room name and the username";
    advice[Code::kFailedPrecondition] = "nothing to do";
    context.Fail(invited, "cannot invite '" + options.username + "' to room '" + options.room + "'",
                 advice);
  }

  Output output = context.output();
  if (output.json()) {
    output.Json({{"room_id", RoomId(options.room)}, {"invitee_username", options.username}});
    return;
  }
  output.Confirm("invited " + options.username + " to #" + options.room);
}

void RunMembers(Context& context, const RoomOptions& options) {
  Session session = context.OpenSession();
  Result<std::vector<v1::Member>> members = session.client->ListMembers(options.room);
  if (!members.ok()) {
    context.Fail(members.status(), "cannot list the members of room '" + options.room + "'",
                 MemberAdvice(context, options.room));
  }

  Output output = context.output();
  if (output.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const v1::Member& member : *members) list.push_back(ToJson(member));
    output.Json({{"room_id", RoomId(options.room)}, {"members", list}});
    return;
  }
  std::vector<std::vector<std::string>> rows = {{"USERNAME", "USER ID", "JOINED"}};
  for (const v1::Member& member : *members) {
    rows.push_back({member.username(), member.user_id(), FormatLocalTime(member.joined_at_us())});
  }
  output.Table(rows);
}

// Adds the ROOM argument that most room commands take.
void AddRoomArgument(CLI::App* command, RoomOptions& options) {
  command->add_option("ROOM", options.room, "Room name or id, in any case")->required();
}

}  // namespace

NextSteps MemberAdvice(const Context& context, const std::string& room) {
  return {{Code::kPermissionDenied, "run " + context.CommandLine("room join " + room) +
                                        ", or for a private room ask a member to invite you"}};
}

std::string RoomId(const std::string& room) {
  std::string id = room;
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

void AddRoomCommands(CLI::App& app, Context& context) {
  CLI::App* room = app.add_subcommand("room", "Create, list, join and manage rooms");
  room->require_subcommand(0, 1);
  auto options = std::make_shared<RoomOptions>();

  CLI::App* create = room->add_subcommand("create", "Create a room, with you as its first member");
  create->add_option("NAME", options->name, "2 to 64 letters, digits, '.', '_' or '-'")->required();
  create->add_option("--topic", options->topic, "Topic shown in listings, at most 256 characters")
      ->type_name("TEXT");
  create->add_flag("--private", options->private_room,
                   "Make the room private: listed only for members, joined only by invitation");
  context.SetAction(create, [&context, options] { RunCreate(context, *options); });

  CLI::App* list = room->add_subcommand(
      "list", "List the public rooms and the private rooms you are a member of");
  list->add_flag("--joined", options->joined, "List only the rooms you are a member of");
  context.SetAction(list, [&context, options] { RunList(context, *options); });

  CLI::App* info = room->add_subcommand("info", "Show a room's topic, visibility and size");
  AddRoomArgument(info, *options);
  context.SetAction(info, [&context, options] { RunInfo(context, *options); });

  CLI::App* join = room->add_subcommand(
      "join", "Join a room; a private room needs an invitation. Joining twice succeeds");
  AddRoomArgument(join, *options);
  context.SetAction(join, [&context, options] { RunJoin(context, *options); });

  CLI::App* leave = room->add_subcommand("leave", "Leave a room");
  AddRoomArgument(leave, *options);
  context.SetAction(leave, [&context, options] { RunLeave(context, *options); });

  CLI::App* invite = room->add_subcommand(
      "invite", "Let a user join a room; for private rooms. Only members may invite");
  AddRoomArgument(invite, *options);
  invite->add_option("USERNAME", options->username, "User to invite")->required();
  context.SetAction(invite, [&context, options] { RunInvite(context, *options); });

  CLI::App* members = room->add_subcommand("members", "List a room's members; only for members");
  AddRoomArgument(members, *options);
  context.SetAction(members, [&context, options] { RunMembers(context, *options); });
}

}  // namespace dchat::cli
