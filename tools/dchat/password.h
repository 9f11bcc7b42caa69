// Password input: a prompt with echo off on a terminal, or the first line
// of stdin with --password-stdin. Passwords are never taken from the
// command line, where other users could read them in the process list.
#ifndef DCHAT_TOOLS_DCHAT_PASSWORD_H_
#define DCHAT_TOOLS_DCHAT_PASSWORD_H_

#include <string>

namespace dchat::cli {

// Returns the password: the first line of stdin when `from_stdin`, else
// what the user types at a "Password: " prompt on stderr. Throws
// CommandError with the usage exit code when stdin is not a terminal and
// `from_stdin` is false, or when the input is empty.
std::string ReadPassword(bool from_stdin);

// As ReadPassword, but a terminal user types the password twice and the
// two must match.
std::string ReadNewPassword(bool from_stdin);

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_PASSWORD_H_
