// dchat: the command-line client of a dchat gateway.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "context.h"
#include "dchat/version.h"
#include "errors.h"

namespace dchat::cli {
namespace {

constexpr char kFooter[] = R"(Exit codes:
  0  success
  1  other failure, such as a name already taken or an invalid value
  2  usage error: unknown command or option, missing or invalid argument
  3  not authenticated: not logged in, or the session expired or was revoked
  4  permission denied, such as a private room you are not a member of
  5  not found, such as an unknown room or user
  6  gateway unavailable or too slow (deadline exceeded)

Environment:
  DCHAT_GATEWAY    default of --gateway
  DCHAT_PROFILE    default of --profile
  XDG_CONFIG_HOME  folder of dchat/credentials-<profile>.json (default: ~/.config)

Run 'dchat COMMAND --help' for a command's arguments and options.)";

constexpr char kCommandFooter[] =
    "Global options, accepted before or after the command: --gateway, --timeout, --json, "
    "--profile, -q/--quiet, --tls, --tls-ca, --tls-cert, --tls-key; see 'dchat --help'.";

void PrintError(const std::string& message) {
  std::fprintf(stderr, "dchat: %s\n", message.c_str());
}

// Returns the command the user typed, such as "dchat room join", to point
// at its help.
std::string CommandPath(const CLI::App& app) {
  std::string path = app.get_name();
  const CLI::App* command = &app;
  while (true) {
    std::vector<const CLI::App*> chosen = command->get_subcommands(
        [](const CLI::App* sub) { return sub->parsed(); });
    if (chosen.empty()) return path;
    command = chosen.front();
    path += " " + command->get_name();
  }
}

int Run(int argc, char** argv) {
  // The CLI reports failures itself in one line; gRPC's own log lines would
  // only repeat them. GRPC_VERBOSITY=ERROR or DEBUG in the environment
  // brings them back.
  setenv("GRPC_VERBOSITY", "NONE", /*overwrite=*/0);

  CLI::App app("Chat through a dchat gateway from the shell: accounts, rooms, messages, "
               "live follow and presence.",
               "dchat");
  // Global options are accepted after the command too, as in
  // "dchat room list --json".
  app.fallthrough();
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", std::string("dchat ") + DCHAT_VERSION);

  Context context;
  context.AddGlobalOptions(app);
  // Every command inherits this footer; the main help replaces it below.
  app.footer(kCommandFooter);
  AddAccountCommands(app, context);
  AddRoomCommands(app, context);
  AddMessageCommands(app, context);
  AddFollowCommand(app, context);
  AddPresenceCommands(app, context);
  AddHealthCommand(app, context);
  app.footer(kFooter);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    std::string path = CommandPath(app);
    PrintError("invalid command line: " + std::string(error.what()) + "; run '" + path +
               " --help' for usage");
    return static_cast<int>(ExitCode::kUsage);
  }

  context.set_command_path(CommandPath(app));

  // A command group such as "room" with no command after it.
  if (!context.has_action()) {
    PrintError("no command given; run '" + CommandPath(app) + " --help' for the commands");
    return static_cast<int>(ExitCode::kUsage);
  }

  try {
    context.RunAction();
  } catch (const CommandError& error) {
    PrintError(error.what());
    return static_cast<int>(error.code());
  }
  return static_cast<int>(ExitCode::kOk);
}

}  // namespace
}  // namespace dchat::cli

int main(int argc, char** argv) { return dchat::cli::Run(argc, argv); }
