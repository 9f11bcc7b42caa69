// send and history.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "errors.h"

namespace dchat::cli {
namespace {

// Maximum number of messages one ListMessages call returns: the message
// service's --max-page-size, 500 by default.
constexpr int kHistoryPageSize = 500;

struct SendOptions {
  std::string room;
  std::vector<std::string> words;
  std::string idempotency_prefix;
};

struct HistoryOptions {
  std::string room;
  int limit = 50;
  int64_t before_seq = 0;
  int64_t after_seq = -1;  // -1: not given, read backwards
};

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// The key of the message on input line `line`: "<prefix>-<line>", or empty
// for a random one.
std::string IdempotencyKey(const SendOptions& options, int line) {
  if (options.idempotency_prefix.empty()) return {};
  return options.idempotency_prefix + "-" + std::to_string(line);
}

void SendOne(Context& context, Client& client, const SendOptions& options) {
  std::string text;
  for (const std::string& word : options.words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  if (IsBlank(text)) {
    throw CommandError(ExitCode::kUsage, "message text is empty: give the words to send, or '-' "
                                         "to send each line of stdin");
  }

  Result<v1::Message> message = client.Send(options.room, text, IdempotencyKey(options, 1));
  if (!message.ok()) {
    context.Fail(message.status(), "cannot send to room '" + options.room + "'",
                 MemberAdvice(context, options.room));
  }

  Output output = context.output();
  if (output.json()) {
    output.Json(ToJson(*message));
    return;
  }
  output.Confirm("sent #" + message->room_id() + " " + std::to_string(message->seq()));
}

// Sends each non-blank line of stdin as one message, in order, and stops at
// the first failure.
void SendLines(Context& context, Client& client, const SendOptions& options) {
  Output output = context.output();
  int line_number = 0;
  int sent = 0;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (IsBlank(line)) continue;

    Result<v1::Message> message =
        client.Send(options.room, line, IdempotencyKey(options, line_number));
    if (!message.ok()) {
      std::string rerun = options.idempotency_prefix.empty()
                              ? "a re-run sends the earlier lines again, unless it uses "
                                "--idempotency-prefix"
                              : "re-run with the same --idempotency-prefix to send only the rest";
      Code code = message.status().code();
      context.Fail(message.status(),
                   "cannot send line " + std::to_string(line_number) + " to room '" +
                       options.room + "' after " + std::to_string(sent) + " messages",
                   {{code, context.Advice(code, MemberAdvice(context, options.room)) + "; " + rerun}});
    }

    ++sent;
    if (first_seq == 0) first_seq = message->seq();
    last_seq = message->seq();
    if (output.json()) output.Json(ToJson(*message));
  }

  if (!output.json()) {
    std::string range = sent == 0 ? "" : " (seq " + std::to_string(first_seq) + " to " +
                                             std::to_string(last_seq) + ")";
    output.Confirm("sent " + std::to_string(sent) + " messages to #" + RoomId(options.room) +
                   range);
  }
}

void RunSend(Context& context, const SendOptions& options) {
  Session session = context.OpenSession();
  if (options.words.size() == 1 && options.words[0] == "-") {
    SendLines(context, *session.client, options);
  } else {
    SendOne(context, *session.client, options);
  }
}

// Reads up to `limit` messages after `after_seq` (and before `before_seq`
// when set), walking forwards.
Result<v1::ListMessagesResponse> ReadForwards(Client& client, const HistoryOptions& options) {
  v1::ListMessagesResponse all;
  HistoryQuery query{.before_seq = options.before_seq, .after_seq = options.after_seq};
  while (all.messages_size() < options.limit) {
    query.limit = std::min(kHistoryPageSize, options.limit - all.messages_size());
    Result<v1::ListMessagesResponse> page = client.History(options.room, query);
    if (!page.ok()) return page.status();

    all.set_last_seq(page->last_seq());
    all.set_has_more(page->has_more());
    for (v1::Message& message : *page->mutable_messages()) *all.add_messages() = std::move(message);
    if (!page->has_more() || page->messages_size() == 0) break;
    query.after_seq = all.messages(all.messages_size() - 1).seq();
  }
  return all;
}

// Reads the newest `limit` messages before `before_seq` (or the newest of
// all), walking backwards, and returns them oldest first.
Result<v1::ListMessagesResponse> ReadBackwards(Client& client, const HistoryOptions& options) {
  std::vector<v1::ListMessagesResponse> pages;
  int count = 0;
  HistoryQuery query{.before_seq = options.before_seq};
  while (count < options.limit) {
    query.limit = std::min(kHistoryPageSize, options.limit - count);
    Result<v1::ListMessagesResponse> page = client.History(options.room, query);
    if (!page.ok()) return page.status();

    count += page->messages_size();
    pages.push_back(*std::move(page));
    const v1::ListMessagesResponse& last = pages.back();
    if (!last.has_more() || last.messages_size() == 0) break;
    query.before_seq = last.messages(0).seq();
  }

  v1::ListMessagesResponse all;
  if (pages.empty()) return all;
  all.set_last_seq(pages.front().last_seq());
  all.set_has_more(pages.back().has_more());
  for (auto page = pages.rbegin(); page != pages.rend(); ++page) {
    for (v1::Message& message : *page->mutable_messages()) *all.add_messages() = std::move(message);
  }
  return all;
}

void RunHistory(Context& context, const HistoryOptions& options) {
  if (options.before_seq > 0 && options.after_seq >= 0 && options.before_seq <= options.after_seq + 1) {
    throw CommandError(ExitCode::kUsage, "no message lies between --after " +
                                             std::to_string(options.after_seq) + " and --before " +
                                             std::to_string(options.before_seq) +
                                             ": --before must exceed --after by 2 or more");
  }

  Session session = context.OpenSession();
  Result<v1::ListMessagesResponse> history = options.after_seq >= 0
                                                 ? ReadForwards(*session.client, options)
                                                 : ReadBackwards(*session.client, options);
  if (!history.ok()) {
    context.Fail(history.status(), "cannot read the history of room '" + options.room + "'",
                 MemberAdvice(context, options.room));
  }

  Output output = context.output();
  if (output.json()) {
    nlohmann::json messages = nlohmann::json::array();
    for (const v1::Message& message : history->messages()) messages.push_back(ToJson(message));
    output.Json({{"room_id", RoomId(options.room)},
                 {"messages", messages},
                 {"has_more", history->has_more()},
                 {"last_seq", history->last_seq()}});
    return;
  }
  for (const v1::Message& message : history->messages()) {
    output.Result(FormatMessageLine(message));
  }
}

}  // namespace

void AddMessageCommands(CLI::App& app, Context& context) {
  auto send_options = std::make_shared<SendOptions>();
  CLI::App* send = app.add_subcommand(
      "send",
      "Send a message: the words of TEXT joined by spaces, or with '-' each non-blank line "
      "of stdin as one message, in order");
  send->add_option("ROOM", send_options->room, "Room name or id, in any case")->required();
  send->add_option("TEXT", send_options->words,
                   "Message words, or '-' for stdin. Put '--' before text that starts with '-'")
      ->required();
  send->add_option("--idempotency-prefix", send_options->idempotency_prefix,
                   "Key the message of input line N as PREFIX-N, so that a re-run stores "
                   "nothing twice. Default: a random key per message")
      ->type_name("PREFIX");
  context.SetAction(send, [&context, send_options] { RunSend(context, *send_options); });

  auto history_options = std::make_shared<HistoryOptions>();
  CLI::App* history = app.add_subcommand(
      "history",
      "Print a room's messages, oldest first: the newest --limit ones, or those after --after");
  history->add_option("ROOM", history_options->room, "Room name or id, in any case")->required();
  history->add_option("--limit", history_options->limit,
                      "Most messages to print; above 500 the history is read in pages")
      ->type_name("N")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  history->add_option("--before", history_options->before_seq,
                      "Only messages with a sequence number below SEQ")
      ->type_name("SEQ")
      ->check(CLI::PositiveNumber);
  history->add_option("--after", history_options->after_seq,
                      "Only messages with a sequence number above SEQ, read forwards from it; "
                      "0 starts at the first message")
      ->type_name("SEQ")
      ->check(CLI::NonNegativeNumber);
  context.SetAction(history, [&context, history_options] { RunHistory(context, *history_options); });
}

}  // namespace dchat::cli
