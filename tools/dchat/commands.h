// The subcommands of the dchat CLI, grouped by concept. Each Add function
// registers its commands on `app`; the one the user picks runs through
// Context::RunAction.
#ifndef DCHAT_TOOLS_DCHAT_COMMANDS_H_
#define DCHAT_TOOLS_DCHAT_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "context.h"

namespace dchat::cli {

// register, login, logout, whoami.
void AddAccountCommands(CLI::App& app, Context& context);
// room create, list, info, join, leave, invite, members.
void AddRoomCommands(CLI::App& app, Context& context);
// send, history.
void AddMessageCommands(CLI::App& app, Context& context);
// follow.
void AddFollowCommand(CLI::App& app, Context& context);
// presence set, presence roster, typing.
void AddPresenceCommands(CLI::App& app, Context& context);
// health.
void AddHealthCommand(CLI::App& app, Context& context);

// Returns the id of a room named `room` in any case: the name folded to
// lower case.
std::string RoomId(const std::string& room);

// Advice for calls that only members of `room` may make.
NextSteps MemberAdvice(const Context& context, const std::string& room);

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_COMMANDS_H_
