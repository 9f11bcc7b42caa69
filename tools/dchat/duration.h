// Durations on the command line, such as "500ms", "5s", "2m" or "1h".
#ifndef DCHAT_TOOLS_DCHAT_DURATION_H_
#define DCHAT_TOOLS_DCHAT_DURATION_H_

#include <chrono>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace dchat::cli {

// Parses a positive whole number followed by ms, s, m or h; a bare number
// is seconds. Returns nullopt for anything else, zero included.
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text);

// Formats `duration` in the largest unit that keeps it whole, such as "10s".
std::string FormatDuration(std::chrono::milliseconds duration);

// A CLI11 option bound to `*duration`; its help shows the default.
CLI::Option* AddDurationOption(CLI::App& app, const std::string& name,
                               std::chrono::milliseconds* duration,
                               const std::string& description);

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_DURATION_H_
