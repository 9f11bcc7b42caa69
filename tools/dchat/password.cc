#include "password.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "errors.h"

namespace dchat::cli {
namespace {

// The terminal settings to restore when a signal ends the prompt, so that
// Ctrl-C does not leave the shell with echo off.
termios saved_terminal;

void RestoreTerminalAndReraise(int signal_number) {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  ::raise(signal_number);
}

std::string ReadFirstLine() {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) return {};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string PromptWithoutEcho(const char* prompt) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);

  termios quiet_terminal{};
  bool echo_off = ::tcgetattr(STDIN_FILENO, &saved_terminal) == 0;
  struct sigaction restore {}, old_int {}, old_term {};
  if (echo_off) {
    // SA_RESETHAND puts the default action back, so the re-raised signal
    // ends the process as it would have.
    restore.sa_handler = RestoreTerminalAndReraise;
    restore.sa_flags = SA_RESETHAND;
    ::sigaction(SIGINT, &restore, &old_int);
    ::sigaction(SIGTERM, &restore, &old_term);
    quiet_terminal = saved_terminal;
    quiet_terminal.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet_terminal);
  }

  std::string password = ReadFirstLine();

  if (echo_off) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
  }
  // The user's Enter was not echoed.
  std::fputc('\n', stderr);
  return password;
}

void RequireTerminal() {
  if (::isatty(STDIN_FILENO)) return;
  throw CommandError(ExitCode::kUsage,
                     "cannot prompt for the password: stdin is not a terminal; pipe the "
                     "password in and add --password-stdin");
}

std::string RequireNotEmpty(std::string password, bool from_stdin) {
  if (!password.empty()) return password;
  throw CommandError(ExitCode::kUsage,
                     from_stdin ? "no password on stdin: --password-stdin reads the first line"
                                : "no password entered: type the password at the prompt");
}

}  // namespace

std::string ReadPassword(bool from_stdin) {
  if (from_stdin) return RequireNotEmpty(ReadFirstLine(), true);
  RequireTerminal();
  return RequireNotEmpty(PromptWithoutEcho("Password: "), false);
}

std::string ReadNewPassword(bool from_stdin) {
  if (from_stdin) return RequireNotEmpty(ReadFirstLine(), true);
  RequireTerminal();
  std::string password = RequireNotEmpty(PromptWithoutEcho("New password: "), false);
  std::string repeated = PromptWithoutEcho("Repeat the password: ");
  if (password != repeated) {
    throw CommandError(ExitCode::kUsage, "the two passwords differ: run the command again");
  }
  return password;
}

}  // namespace dchat::cli
