// Checks and error mappings shared by the handlers of the reference
// services.
#ifndef DCHAT_SERVICES_HANDLER_SUPPORT_H_
#define DCHAT_SERVICES_HANDLER_SUPPORT_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <google/protobuf/repeated_ptr_field.h>

#include "dchat/call_context.h"
#include "dchat/reference_services.h"
#include "dchat/status.h"
#include "dchat/storage.h"
#include "dchat/v1/message.pb.h"

namespace dchat::services {

// Returns UNAUTHENTICATED when the call carries no actor id, which the
// gateway always sets for calls that act for a user.
Status RequireActor(const CallContext& call);

// Checks a room id or a room name, in any case, given in the request field
// `field`, and returns the room id: the name folded to lower case.
// INVALID_ARGUMENT when it is empty or cannot be a room name.
Result<std::string> ParseRoomId(const std::string& value, std::string_view field);

// Checks the room ids of the repeated request field `field`, at most
// `max_count` of them, and returns them folded, without duplicates.
Result<std::set<std::string>> ParseRoomIds(
    const google::protobuf::RepeatedPtrField<std::string>& values, std::string_view field,
    int max_count);

// Returns the page size to use for a request's `page_size`: the default for
// 0, the value itself from 1 to the maximum, and INVALID_ARGUMENT naming the
// value and the range otherwise.
Result<int> ResolvePageSize(int64_t page_size, const PageLimits& limits);

// Logs a failed store call with the ids involved and returns the status for
// the client: UNAVAILABLE when the store is unavailable, INTERNAL otherwise.
// The store's own message stays in the log, because it may describe
// queries and files.
Status StoreFailure(std::string_view store, std::string_view operation,
                    std::string_view ids, const Status& error);

// The wire form of a stored message.
v1::Message ToProto(const MessageRecord& record);

}  // namespace dchat::services

#endif  // DCHAT_SERVICES_HANDLER_SUPPORT_H_
