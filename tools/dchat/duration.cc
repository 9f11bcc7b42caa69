#include "duration.h"

#include <cctype>
#include <cstdint>
#include <limits>

namespace dchat::cli {

std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    ++digits;
  }
  // Nine digits keep every unit below the int64 millisecond range.
  if (digits == 0 || digits > 9) return std::nullopt;

  int64_t value = std::stoll(text.substr(0, digits));
  std::string unit = text.substr(digits);
  int64_t unit_ms;
  if (unit == "ms") {
    unit_ms = 1;
  } else if (unit.empty() || unit == "s") {
    unit_ms = 1000;
  } else if (unit == "m") {
    unit_ms = 60 * 1000;
  } else if (unit == "h") {
    unit_ms = 60 * 60 * 1000;
  } else {
    return std::nullopt;
  }
  if (value == 0) return std::nullopt;
  return std::chrono::milliseconds(value * unit_ms);
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  int64_t ms = duration.count();
  if (ms % (60 * 60 * 1000) == 0) return std::to_string(ms / (60 * 60 * 1000)) + "h";
  if (ms % (60 * 1000) == 0) return std::to_string(ms / (60 * 1000)) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

CLI::Option* AddDurationOption(CLI::App& app, const std::string& name,
                               std::chrono::milliseconds* duration,
                               const std::string& description) {
  CLI::Option* option = app.add_option_function<std::string>(
      name,
      [duration](const std::string& text) {
        // The validator below has already accepted `text`.
        *duration = *ParseDuration(text);
      },
      description);
  option->type_name("DURATION");
  option->check(CLI::Validator(
      [](std::string& text) -> std::string {
        if (ParseDuration(text)) return {};
        return "invalid duration '" + text +
               "': give a positive whole number with a unit, such as 500ms, 5s, 2m or 1h";
      },
      ""));
  if (duration->count() > 0) option->default_str(FormatDuration(*duration));
  return option;
}

}  // namespace dchat::cli
