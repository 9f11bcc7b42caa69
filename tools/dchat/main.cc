// dchat: the command-line client of a dchat gateway.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

// The commands the user typed, outermost first: the app, then for example
// "room", then "join".
std::vector<const CLI::App*> CommandChain(const CLI::App& app) {
  std::vector<const CLI::App*> chain = {&app};
  while (true) {
    std::vector<const CLI::App*> chosen = chain.back()->get_subcommands(
        [](const CLI::App* sub) { return sub->parsed(); });
    if (chosen.empty()) return chain;
    chain.push_back(chosen.front());
  }
}

// Returns the command the user typed, such as "dchat room join", to point
// at its help.
std::string CommandPath(const CLI::App& app) {
  std::string path;
  for (const CLI::App* command : CommandChain(app)) {
    path += (path.empty() ? "" : " ") + command->get_name();
  }
  return path;
}

// The Levenshtein distance between two short words.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substituted = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substituted});
    }
  }
  return row[b.size()];
}

// Returns the message for a word that is not one of the commands of
// `command`: it names the closest command, or lists them all.
std::string UnknownCommandMessage(const CLI::App& command, const std::string& path,
                                  const std::string& word) {
  std::string names;
  std::string closest;
  size_t closest_distance = 3;  // suggest only names at most 2 edits away
  for (const CLI::App* sub : command.get_subcommands({})) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
    size_t distance = EditDistance(word, sub->get_name());
    if (distance < closest_distance) {
      closest = sub->get_name();
      closest_distance = distance;
    }
  }

  std::string message = "unknown command '" + word + "' for '" + path + "'; ";
  if (!closest.empty()) return message + "did you mean '" + path + " " + closest + "'?";
  return message + "the commands are " + names + "; run '" + path + " --help' for usage";
}

// Returns the message for an option that none of the typed commands has:
// it names the closest option, or points at the command's help.
std::string UnknownOptionMessage(const std::vector<const CLI::App*>& chain,
                                 const std::string& path, const std::string& word) {
  const std::string name = word.substr(0, word.find('='));
  std::string closest;
  size_t closest_distance = 3;  // suggest only names at most 2 edits away
  for (const CLI::App* command : chain) {
    for (const CLI::Option* option : command->get_options()) {
      for (const std::string& long_name : option->get_lnames()) {
        size_t distance = EditDistance(name, "--" + long_name);
        if (distance < closest_distance) {
          closest = "--" + long_name;
          closest_distance = distance;
        }
      }
    }
  }

  std::string message = "unknown option '" + name + "' for '" + path + "'; ";
  if (!closest.empty()) return message + "did you mean '" + closest + "'?";
  return message + "run '" + path + " --help' for its options, and put '--' before text " +
         "that starts with '-'";
}

// The first argument CLI11 left unparsed by any of the typed commands, in
// command-line order.
std::string FirstExtra(const std::vector<const CLI::App*>& chain, int argc, char** argv) {
  std::vector<std::string> extras;
  for (const CLI::App* command : chain) {
    std::vector<std::string> left = command->remaining();
    extras.insert(extras.end(), left.begin(), left.end());
  }
  for (int i = 1; i < argc; ++i) {
    if (std::find(extras.begin(), extras.end(), argv[i]) != extras.end()) return argv[i];
  }
  return extras.empty() ? std::string() : extras.front();
}

// The one-line message for a command line CLI11 could not parse.
std::string ParseErrorMessage(const CLI::App& app, const CLI::ParseError& error, int argc,
                              char** argv) {
  std::vector<const CLI::App*> chain = CommandChain(app);
  const CLI::App* command = chain.back();
  std::string path = CommandPath(app);
  std::string extra = FirstExtra(chain, argc, argv);
  bool takes_command = !command->get_subcommands({}).empty();
  bool extras = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr;
  if (extras && takes_command && !extra.empty() && extra[0] != '-') {
    return UnknownCommandMessage(*command, path, extra);
  }
  // An unknown option also makes a later required argument look missing.
  bool required = dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
  if ((extras || required) && extra.size() > 1 && extra[0] == '-') {
    return UnknownOptionMessage(chain, path, extra);
  }
  return "invalid command line: " + std::string(error.what()) + "; run '" + path +
         " --help' for usage";
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
    PrintError(ParseErrorMessage(app, error, argc, argv));
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
