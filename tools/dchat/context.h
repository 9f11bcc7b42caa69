// Shared state of the CLI's commands: the global options, and the
// connection to the gateway with or without the stored session.
#ifndef DCHAT_TOOLS_DCHAT_CONTEXT_H_
#define DCHAT_TOOLS_DCHAT_CONTEXT_H_

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "credentials.h"
#include "dchat/client.h"
#include "dchat/status.h"
#include "output.h"

namespace dchat::cli {

inline constexpr char kDefaultGateway[] = "localhost:8080";

struct GlobalOptions {
  std::string gateway = kDefaultGateway;
  std::chrono::milliseconds timeout{10000};
  bool json = false;
  std::string profile = "default";
  bool quiet = false;
  bool tls = false;
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
};

// A client of the gateway that carries the stored session token.
struct Session {
  Credentials credentials;
  std::unique_ptr<Client> client;
};

// Next steps that replace the default advice for some status codes.
using NextSteps = std::map<Code, std::string>;

class Context {
 public:
  // Adds the global options to `app`; CLI11 fills them while parsing.
  void AddGlobalOptions(CLI::App& app);

  // Makes `command`, once parsed, the one that main() runs.
  void SetAction(CLI::App* command, std::function<void()> action);
  // Runs the chosen command. Throws CommandError when it fails.
  void RunAction() const;
  bool has_action() const { return static_cast<bool>(action_); }

  const GlobalOptions& options() const { return options_; }
  Output output() const { return Output(options_.json, options_.quiet); }
  std::filesystem::path credentials_path() const { return CredentialsPath(options_.profile); }

  // Returns --gateway or DCHAT_GATEWAY when given, else the gateway that
  // issued `credentials`, else localhost:8080.
  std::string GatewayAddress(const Credentials* credentials) const;
  // Returns GatewayAddress for commands that need no session, such as
  // login. An unreadable credentials file counts as none, because login
  // replaces it.
  std::string GatewayAddressWithoutSession() const;

  // Opens a client of the gateway at `address` that sends `token`.
  std::unique_ptr<Client> Connect(const std::string& address, const std::string& token = "");
  // Loads the profile's credentials and connects with their token. Throws
  // CommandError with the not-authenticated code when there are none or
  // they have expired.
  Session OpenSession();

  // Returns "run 'dchat login USERNAME'", naming --profile when it is not
  // the default one. An empty `username` stands for the user of the open
  // session, else "USERNAME".
  std::string LoginAdvice(const std::string& username = "") const;

  // Returns "'dchat ARGUMENTS'" quoted for advice, with --profile when it
  // is not the default one, so the suggested command uses the same session.
  std::string CommandLine(const std::string& arguments) const;

  // The command being run, such as "dchat room join", for advice that
  // points at its help.
  void set_command_path(std::string path) { command_path_ = std::move(path); }

  // Throws the CommandError of a failed call, with the line
  // "<what>: <server message>; <next step>". The next step is taken from
  // `next` for the status's code, else a default for that code.
  [[noreturn]] void Fail(const Status& status, const std::string& what,
                         const NextSteps& next = {}) const;

  // Returns the next step for a call that failed with `code`: the one in
  // `next`, else the default for that code.
  std::string Advice(Code code, const NextSteps& next = {}) const;

 private:
  std::string DefaultNextStep(Code code) const;

  GlobalOptions options_;
  CLI::Option* gateway_option_ = nullptr;
  // The address of the last Connect, for advice about an unreachable
  // gateway.
  std::string connected_gateway_ = kDefaultGateway;
  // The user of the session that OpenSession loaded; empty before.
  std::string session_username_;
  std::string command_path_ = "dchat";
  std::function<void()> action_;
};

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_CONTEXT_H_
