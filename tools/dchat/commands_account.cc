// register, login, logout and whoami.
#include <memory>
#include <string>

#include "commands.h"
#include "errors.h"
#include "password.h"

namespace dchat::cli {
namespace {

struct RegisterOptions {
  std::string username;
  std::string display_name;
  bool password_stdin = false;
};

struct LoginOptions {
  std::string username;
  bool password_stdin = false;
};

void RunRegister(Context& context, const RegisterOptions& options) {
  std::string password = ReadNewPassword(options.password_stdin);
  std::unique_ptr<Client> client = context.Connect(context.GatewayAddressWithoutSession());

  Result<v1::User> user = client->Register(options.username, password, options.display_name);
  if (!user.ok()) {
    context.Fail(user.status(), "cannot register user '" + options.username + "'",
                 {{Code::kAlreadyExists,
                   "if the account is yours, run " + context.CommandLine("login " + options.username)}});
  }

  Output output = context.output();
  if (output.json()) {
    output.Json(ToJson(*user));
    return;
  }
  output.Confirm("registered " + user->username() + " (user id " + user->user_id() +
                 "); log in with " + context.CommandLine("login " + user->username()));
}

nlohmann::json SessionJson(const Context& context, const Credentials& credentials,
                           const v1::User& user) {
  return {
      {"user", ToJson(user)},
      {"gateway", credentials.gateway},
      {"profile", context.options().profile},
      {"expires_at", FormatRfc3339(credentials.expires_at_us)},
      {"credentials_file", context.credentials_path().string()},
  };
}

void RunLogin(Context& context, const LoginOptions& options) {
  std::string password = ReadPassword(options.password_stdin);
  std::string gateway = context.GatewayAddressWithoutSession();
  std::unique_ptr<Client> client = context.Connect(gateway);

  Result<v1::LoginResponse> login = client->Login(options.username, password);
  if (!login.ok()) {
    context.Fail(login.status(), "cannot log in as '" + options.username + "'",
                 {{Code::kUnauthenticated, "check the username and password"}});
  }

  Credentials credentials;
  credentials.gateway = gateway;
  credentials.username = login->user().username().empty() ? options.username
                                                          : login->user().username();
  credentials.user_id = login->user().user_id();
  credentials.token = login->token();
  credentials.expires_at_us = login->expires_at_us();
  SaveCredentials(context.credentials_path(), credentials);

  Output output = context.output();
  if (output.json()) {
    output.Json(SessionJson(context, credentials, login->user()));
    return;
  }
  output.Confirm("logged in as " + credentials.username + " at " + gateway + " (profile '" +
                 context.options().profile + "'); the session expires " +
                 FormatLocalTime(credentials.expires_at_us));
}

void RunLogout(Context& context) {
  Output output = context.output();
  std::filesystem::path path = context.credentials_path();
  std::optional<Credentials> credentials;
  try {
    credentials = LoadCredentials(path, output);
  } catch (const CommandError& error) {
    // A damaged file cannot be revoked, but logout still removes it.
    output.Warn("deleting the credentials file without revoking its session, because it "
                "cannot be read (" + std::string(error.what()) + ")");
    DeleteCredentials(path);
    return;
  }
  if (!credentials) {
    if (output.json()) {
      output.Json({{"profile", context.options().profile}, {"logged_out", false}});
    } else {
      output.Note("not logged in (profile '" + context.options().profile + "'); nothing to do");
    }
    return;
  }

  // The local file is deleted whatever the server replies, so that logout
  // always ends the session on this machine.
  std::string gateway = context.GatewayAddress(&*credentials);
  std::unique_ptr<Client> client = context.Connect(gateway, credentials->token);
  Status revoked = client->Logout();
  if (!revoked.ok()) {
    output.Warn("cannot revoke the session on the gateway at " + gateway + ": " +
                DescribeStatus(revoked) + "; the token stays valid until " +
                FormatLocalTime(credentials->expires_at_us));
  }
  DeleteCredentials(path);

  if (output.json()) {
    output.Json({{"profile", context.options().profile},
                 {"username", credentials->username},
                 {"logged_out", true},
                 {"revoked", revoked.ok()}});
    return;
  }
  output.Confirm("logged out " + credentials->username + " (profile '" +
                 context.options().profile + "')");
}

void RunWhoAmI(Context& context) {
  Session session = context.OpenSession();
  Result<v1::User> user = session.client->WhoAmI();
  if (!user.ok()) context.Fail(user.status(), "cannot read the account of this session");

  Output output = context.output();
  if (output.json()) {
    output.Json(SessionJson(context, session.credentials, *user));
    return;
  }
  output.Result(user->username() + " (" + EscapeForTerminal(user->display_name()) +
                "), user id " + user->user_id());
  output.Confirm("gateway " + context.GatewayAddress(&session.credentials) + ", profile '" +
                 context.options().profile + "', session expires " +
                 FormatLocalTime(session.credentials.expires_at_us));
}

}  // namespace

void AddAccountCommands(CLI::App& app, Context& context) {
  auto register_options = std::make_shared<RegisterOptions>();
  CLI::App* register_command = app.add_subcommand(
      "register", "Create an account. Asks for the password twice on a terminal");
  register_command->add_option("USERNAME", register_options->username,
                               "3 to 32 letters, digits, '.', '_' or '-'")
      ->required();
  register_command->add_option("--display-name", register_options->display_name,
                               "Name shown to others, 1 to 64 characters. Default: USERNAME")
      ->type_name("NAME");
  register_command->add_flag("--password-stdin", register_options->password_stdin,
                             "Read the password from the first line of stdin instead of a "
                             "prompt");
  context.SetAction(register_command,
                    [&context, register_options] { RunRegister(context, *register_options); });

  auto login_options = std::make_shared<LoginOptions>();
  CLI::App* login = app.add_subcommand(
      "login", "Log in and store the session token in the profile's credentials file");
  login->add_option("USERNAME", login_options->username, "Account to log in as")->required();
  login->add_flag("--password-stdin", login_options->password_stdin,
                  "Read the password from the first line of stdin instead of a prompt");
  context.SetAction(login, [&context, login_options] { RunLogin(context, *login_options); });

  CLI::App* logout = app.add_subcommand(
      "logout",
      "Revoke the session on the gateway and delete the credentials file. The file is "
      "deleted even when the gateway cannot be reached");
  context.SetAction(logout, [&context] { RunLogout(context); });

  CLI::App* whoami = app.add_subcommand("whoami", "Show the account of the stored session");
  context.SetAction(whoami, [&context] { RunWhoAmI(context); });
}

}  // namespace dchat::cli
