#include "services/handler_support.h"

#include <string>

#include <spdlog/spdlog.h>

#include "internal/validation.h"

namespace dchat::services {

Status RequireActor(const CallContext& call) {
  if (!call.actor_id().empty()) return OkStatus();
  return UnauthenticatedError(
      "missing actor: internal services are called through the gateway");
}

Result<std::string> ParseRoomId(const std::string& value, std::string_view field) {
  if (value.empty()) {
    return InvalidArgumentError(std::string(field) + " is missing: give a room id or name");
  }
  if (!internal::ValidateRoomName(value).ok()) {
    return InvalidArgumentError(
        std::string(field) + " " + internal::QuoteValue(value) +
        " is invalid: room ids and names are " + std::to_string(internal::kMinRoomNameLength) +
        " to " + std::to_string(internal::kMaxRoomNameLength) +
        " letters, digits, '.', '_' or '-'");
  }
  return internal::FoldCase(value);
}

Result<std::set<std::string>> ParseRoomIds(
    const google::protobuf::RepeatedPtrField<std::string>& values, std::string_view field,
    int max_count) {
  if (values.size() > max_count) {
    return InvalidArgumentError(std::string(field) + " has " + std::to_string(values.size()) +
                                " entries: give at most " + std::to_string(max_count));
  }

  std::set<std::string> room_ids;
  for (const std::string& value : values) {
    Result<std::string> room_id = ParseRoomId(value, std::string(field) + " entry");
    if (!room_id.ok()) return room_id.status();
    room_ids.insert(std::move(*room_id));
  }
  return room_ids;
}

Result<int> ResolvePageSize(int64_t page_size, const PageLimits& limits) {
  if (page_size == 0) return limits.default_page_size;
  if (page_size >= 1 && page_size <= limits.max_page_size) {
    return static_cast<int>(page_size);
  }
  return InvalidArgumentError(
      "page_size " + std::to_string(page_size) + " is out of range: use 1 to " +
      std::to_string(limits.max_page_size) + ", or 0 for the default of " +
      std::to_string(limits.default_page_size));
}

Status StoreFailure(std::string_view store, std::string_view operation,
                    std::string_view ids, const Status& error) {
  spdlog::warn("{} store failed to {} ({}): {}", store, operation, ids,
               error.ToString());
  if (error.code() == Code::kUnavailable) {
    return UnavailableError("the " + std::string(store) +
                            " store is unavailable: try again later");
  }
  return InternalError("the " + std::string(store) + " store failed to " +
                       std::string(operation) +
                       ": the server log has the details");
}

v1::Message ToProto(const MessageRecord& record) {
  v1::Message message;
  message.set_room_id(record.room_id);
  message.set_seq(record.seq);
  message.set_sender_id(record.sender_id);
  message.set_sender_username(record.sender_username);
  message.set_text(record.text);
  message.set_idempotency_key(record.idempotency_key);
  message.set_created_at_us(record.created_at_us);
  return message;
}

}  // namespace dchat::services
