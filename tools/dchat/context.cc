#include "context.h"

#include <chrono>

#include "duration.h"
#include "errors.h"

namespace dchat::cli {
namespace {

// HOST:PORT with a port from 1 to 65535, or a gRPC target with a scheme
// such as unix:/path or dns:///host:port, which gRPC checks itself.
bool IsValidGatewayAddress(const std::string& address) {
  if (address.find(":/") != std::string::npos) return true;
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) return false;

  const std::string port = address.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  const int number = std::stoi(port);
  return number >= 1 && number <= 65535;
}

}  // namespace

void Context::AddGlobalOptions(CLI::App& app) {
  gateway_option_ =
      app.add_option("--gateway", options_.gateway,
                     "Gateway address, HOST:PORT. Default: the gateway of the profile's "
                     "stored session, else " + std::string(kDefaultGateway))
          ->envname("DCHAT_GATEWAY")
          ->type_name("HOST:PORT")
          ->check(CLI::Validator(
              [](std::string& address) -> std::string {
                if (IsValidGatewayAddress(address)) return {};
                return "invalid gateway address '" + address +
                       "': use HOST:PORT, such as localhost:8080 or [::1]:8080";
              },
              ""));
  AddDurationOption(app, "--timeout", &options_.timeout,
                    "Deadline of each call to the gateway, retries included, "
                    "such as 500ms, 5s or 1m");
  app.add_flag("--json", options_.json,
               "Print JSON: one document per command, or one object per line for "
               "'follow' and 'send ROOM -'");
  app.add_option("--profile", options_.profile,
                 "Stored session to use; each profile has its own credentials file")
      ->envname("DCHAT_PROFILE")
      ->type_name("NAME")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& profile) -> std::string {
            if (IsValidProfileName(profile)) return {};
            return "invalid profile name '" + profile +
                   "': use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'";
          },
          ""));
  app.add_flag("-q,--quiet", options_.quiet,
               "Print only results and errors: no confirmations, notes or warnings "
               "about reconnects");

  app.add_flag("--tls", options_.tls,
               "Connect with TLS, trusting the system's certificate authorities");
  app.add_option("--tls-ca", options_.tls_ca,
                 "PEM file of the certificate authority to trust instead; implies --tls")
      ->type_name("FILE")
      ->check(CLI::ExistingFile.description(""));
  CLI::Option* cert =
      app.add_option("--tls-cert", options_.tls_cert,
                     "PEM client certificate for mutual TLS; needs --tls-key; implies --tls")
          ->type_name("FILE")
          ->check(CLI::ExistingFile.description(""));
  CLI::Option* key = app.add_option("--tls-key", options_.tls_key, "PEM private key of --tls-cert")
                         ->type_name("FILE")
                         ->check(CLI::ExistingFile.description(""));
  cert->needs(key);
  key->needs(cert);
}

void Context::SetAction(CLI::App* command, std::function<void()> action) {
  command->callback([this, action = std::move(action)] { action_ = action; });
}

void Context::RunAction() const { action_(); }

std::string Context::GatewayAddress(const Credentials* credentials) const {
  // count() covers the environment variable as well as the flag.
  if (gateway_option_ != nullptr && gateway_option_->count() > 0) return options_.gateway;
  if (credentials != nullptr && !credentials->gateway.empty()) return credentials->gateway;
  return kDefaultGateway;
}

std::string Context::GatewayAddressWithoutSession() const {
  std::optional<Credentials> stored;
  try {
    stored = LoadCredentials(credentials_path(), Output(options_.json, /*quiet=*/true));
  } catch (const CommandError&) {
    stored.reset();
  }
  return GatewayAddress(stored ? &*stored : nullptr);
}

std::unique_ptr<Client> Context::Connect(const std::string& address, const std::string& token) {
  ClientConfig config;
  config.channel.tls.enabled =
      options_.tls || !options_.tls_ca.empty() || !options_.tls_cert.empty();
  config.channel.tls.ca_file = options_.tls_ca;
  config.channel.tls.cert_file = options_.tls_cert;
  config.channel.tls.key_file = options_.tls_key;
  config.client.timeout = options_.timeout;
  config.token = token;

  connected_gateway_ = address;
  Result<std::unique_ptr<Client>> client = Client::Connect(address, config);
  if (!client.ok()) {
    ExitCode code = client.status().code() == Code::kInvalidArgument ? ExitCode::kUsage
                                                                     : ExitCode::kFailure;
    throw CommandError(code, "cannot connect to gateway '" + address +
                                 "': " + DescribeStatus(client.status()));
  }
  return *std::move(client);
}

Session Context::OpenSession() {
  std::filesystem::path path = credentials_path();
  std::optional<Credentials> credentials = LoadCredentials(path, output());
  if (!credentials) {
    throw CommandError(ExitCode::kNotAuthenticated,
                       "not logged in: no stored session for profile '" + options_.profile +
                           "' (" + path.string() + "); " + LoginAdvice());
  }

  int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (credentials->expires_at_us <= now_us) {
    throw CommandError(ExitCode::kNotAuthenticated,
                       "session of '" + credentials->username + "' expired at " +
                           FormatLocalTime(credentials->expires_at_us) + "; " +
                           LoginAdvice(credentials->username));
  }

  session_username_ = credentials->username;
  Session session;
  session.client = Connect(GatewayAddress(&*credentials), credentials->token);
  session.credentials = *std::move(credentials);
  return session;
}

std::string Context::LoginAdvice(const std::string& username) const {
  std::string user = !username.empty()           ? username
                     : !session_username_.empty() ? session_username_
                                                  : "USERNAME";
  return "run " + CommandLine("login " + user);
}

std::string Context::CommandLine(const std::string& arguments) const {
  std::string profile =
      options_.profile == "default" ? "" : " --profile " + options_.profile;
  return "'dchat" + profile + " " + arguments + "'";
}

void Context::Fail(const Status& status, const std::string& what,
                   const NextSteps& next) const {
  throw CommandError(ExitCodeFor(status.code()),
                     what + ": " + DescribeStatus(status) + "; " + Advice(status.code(), next));
}

std::string Context::Advice(Code code, const NextSteps& next) const {
  auto step = next.find(code);
  return step != next.end() ? step->second : DefaultNextStep(code);
}

std::string Context::DefaultNextStep(Code code) const {
  switch (code) {
    case Code::kUnauthenticated:
      return LoginAdvice();
    case Code::kPermissionDenied:
      return "ask a member of the room to invite you, or use another account";
    case Code::kNotFound:
      return CommandLine("room list") + " shows the rooms you can see";
    case Code::kAlreadyExists:
      return "choose another name";
    case Code::kInvalidArgument:
      return "see '" + command_path_ + " --help' for the accepted values";
    case Code::kResourceExhausted:
      return "wait a moment and try again with less at once";
    case Code::kUnavailable:
      return "is the gateway running at " + connected_gateway_ + "?";
    case Code::kDeadlineExceeded:
      return "is the gateway running at " + connected_gateway_ +
             "? If it is only slow, raise --timeout (now " + FormatDuration(options_.timeout) +
             ")";
    default:
      return "try again; if it keeps failing, check the gateway's log";
  }
}

}  // namespace dchat::cli
