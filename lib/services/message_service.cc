// The reference message service: a durable, ordered log per room, history
// pages, and resumable live subscriptions.
#include <algorithm>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "dchat/reference_services.h"
#include "internal/validation.h"
#include "services/catch_up_feed.h"
#include "services/message_hub.h"
#include "services/handler_support.h"
#include "services/stream_hub.h"

namespace dchat {
namespace {

using services::CatchUpFeed;
using services::MessageHub;
using services::StoredPage;
using services::ToProto;

// Rooms one subscription may follow.
constexpr int kMaxSubscribedRooms = 1000;

Status StoreFailure(const char* operation, const std::string& room_id, const Status& status) {
  return services::StoreFailure("message", operation, "room " + room_id, status);
}

// The live destinations of committed messages: the catch-up feeds of room
// subscriptions, and the streams of every room's messages (the firehose).
struct LiveFanOut {
  MessageHub hub;
  // Streams of every room's new messages, with no catch-up: a subscriber
  // that falls a full queue behind is ended, and resubscribes and reads
  // what it missed from history.
  std::shared_ptr<services::StreamHub<v1::Message>> firehose =
      std::make_shared<services::StreamHub<v1::Message>>(
          "subscriber fell behind the live message rate: resubscribe and catch up from history");

  void Publish(const MessageRecord& record) {
    v1::Message message = ToProto(record);
    hub.Publish(message);
    firehose->Publish(message, {message.room_id()});
  }
};

class MessageService : public MessageServiceBase {
 public:
  MessageService(std::shared_ptr<MessageStore> store, MessageServiceOptions options)
      : store_(std::move(store)), options_(options) {
    // The store publishes from its commit, so live messages leave in
    // commit order. Handler threads would publish concurrent appends in
    // any order, and every gap costs each follower of the room a history
    // read to fill. The listener keeps the fan-out alive, not the service,
    // in case the store outlives the service.
    store_->SetCommitListener(
        [live = live_](const MessageRecord& record) { live->Publish(record); });
  }

  ~MessageService() override { store_->SetCommitListener(nullptr); }


  Result<v1::Message> AppendMessage(const CallContext& call,
                                    const v1::SendMessageRequest& request) override {
    Result<MessageRecord> record = ToRecord(call, request);
    if (!record.ok()) return record.status();

    // The store's commit listener publishes the new message.
    Result<MessageRecord> stored = store_->Append(*record, nullptr);
    if (!stored.ok()) return StoreFailure("append", record->room_id, stored.status());
    return ToProto(*stored);
  }

  // Replies from the store's writer thread once the commit is done, so no
  // worker thread waits for the commit: the appends in one commit are not
  // limited by the number of workers, and each saves two thread switches.
  void AppendMessageAsync(const CallContext& call, const v1::SendMessageRequest& request,
                          UnaryReply<v1::Message> reply) override {
    Result<MessageRecord> record = ToRecord(call, request);
    if (!record.ok()) {
      reply(record.status());
      return;
    }

    std::string room_id = record->room_id;
    store_->AppendAsync(std::move(*record), [room_id = std::move(room_id), reply = std::move(reply)](
                                                Result<MessageRecord> stored, bool) {
      if (!stored.ok()) {
        reply(StoreFailure("append", room_id, stored.status()));
        return;
      }
      reply(ToProto(*stored));
    });
  }

  Result<v1::ListMessagesResponse> ListMessages(
      const CallContext&, const v1::ListMessagesRequest& request) override {
    Result<std::string> room_id = services::ParseRoomId(request.room_id(), "room_id");
    if (!room_id.ok()) return room_id.status();
    Result<int> limit = services::ResolvePageSize(request.limit(), options_.pages);
    if (!limit.ok()) return limit.status();
    if (request.before_seq() < 0 || request.after_seq() < 0) {
      return InvalidArgumentError("before_seq and after_seq must not be negative (got " +
                                  std::to_string(request.before_seq()) + " and " +
                                  std::to_string(request.after_seq()) + ")");
    }

    Result<MessagePage> page =
        request.has_after_seq()
            ? ReadForward(*room_id, request.after_seq(), request.before_seq(), *limit)
            : store_->Read(*room_id, request.before_seq(), 0, *limit);
    if (!page.ok()) return StoreFailure("read", *room_id, page.status());

    v1::ListMessagesResponse response;
    response.mutable_messages()->Reserve(static_cast<int>(page->messages.size()));
    for (const MessageRecord& record : page->messages) *response.add_messages() = ToProto(record);
    response.set_has_more(page->has_more);
    response.set_last_seq(page->last_seq);
    return response;
  }

  void Subscribe(const v1::SubscribeMessagesRequest& request,
                 std::shared_ptr<ServerStream<v1::Message>> stream) override {
    if (request.all_rooms()) {
      SubscribeAllRooms(std::move(stream));
      return;
    }

    Status valid = ValidateCursors(request);
    if (!valid.ok()) {
      stream->Finish(valid);
      return;
    }

    std::shared_ptr<CatchUpFeed> feed = NewFeed(stream);
    for (const v1::RoomCursor& cursor : request.cursors()) {
      feed->Follow(cursor.room_id(), cursor.after_seq());
      live_->hub.AddFeed(cursor.room_id(), feed);
    }

    std::weak_ptr<CatchUpFeed> weak_feed = feed;
    stream->OnDrained([weak_feed] {
      if (auto feed = weak_feed.lock()) feed->OnDrained();
    });
    stream->OnClosed([this, feed, request](const Status&) {
      feed->Stop();
      for (const v1::RoomCursor& cursor : request.cursors()) {
        live_->hub.RemoveFeed(cursor.room_id(), feed.get());
      }
    });
    feed->Start();
  }

 private:
  Status ValidateCursors(const v1::SubscribeMessagesRequest& request) {
    if (request.cursors().empty()) {
      return InvalidArgumentError("no rooms to follow: give at least one cursor, or all_rooms");
    }
    if (request.cursors_size() > kMaxSubscribedRooms) {
      return InvalidArgumentError("too many rooms (" + std::to_string(request.cursors_size()) +
                                  "): follow at most " + std::to_string(kMaxSubscribedRooms));
    }
    for (const v1::RoomCursor& cursor : request.cursors()) {
      Result<std::string> room_id = services::ParseRoomId(cursor.room_id(), "cursors.room_id");
      if (!room_id.ok()) return room_id.status();
      if (*room_id != cursor.room_id()) {
        return InvalidArgumentError("cursors.room_id '" + cursor.room_id() +
                                    "' is not a room id: use the lower-case id " + *room_id);
      }
    }
    return OkStatus();
  }

  // Validates an append request and turns it into the record to store.
  Result<MessageRecord> ToRecord(const CallContext& call, const v1::SendMessageRequest& request) {
    DCHAT_RETURN_IF_ERROR(services::RequireActor(call));
    Result<std::string> room_id = services::ParseRoomId(request.room_id(), "room_id");
    if (!room_id.ok()) return room_id.status();
    DCHAT_RETURN_IF_ERROR(internal::ValidateMessageText(request.text(), options_.max_message_bytes));
    DCHAT_RETURN_IF_ERROR(internal::ValidateIdempotencyKey(request.idempotency_key()));

    MessageRecord record;
    record.room_id = *room_id;
    record.sender_id = call.actor_id();
    record.sender_username = call.actor_name();
    record.text = request.text();
    record.idempotency_key = request.idempotency_key();
    return record;
  }

  std::shared_ptr<CatchUpFeed> NewFeed(const std::shared_ptr<ServerStream<v1::Message>>& stream) {
    std::weak_ptr<ServerStream<v1::Message>> weak_stream = stream;
    CatchUpFeed::Callbacks callbacks;
    callbacks.read_after = [this](const std::string& room_id, int64_t after_seq,
                                  int limit) -> Result<StoredPage> {
      return ReadAfter(room_id, after_seq, limit);
    };
    callbacks.emit = [weak_stream](const v1::Message& message) {
      auto stream = weak_stream.lock();
      return stream && stream->Write(message);
    };
    callbacks.execute = [this](std::function<void()> task) { runtime()->Submit(std::move(task)); };
    callbacks.on_error = [weak_stream](const Status& status) {
      if (auto stream = weak_stream.lock()) stream->Finish(status);
    };
    return std::make_shared<CatchUpFeed>(std::move(callbacks));
  }

  // Reads up to `limit` messages with after_seq < seq < before_seq (0: no
  // upper bound), oldest first. has_more is true when newer ones match.
  Result<MessagePage> ReadForward(const std::string& room_id, int64_t after_seq,
                                  int64_t before_seq, int limit) {
    // Sequences have no gaps, so the page is the range (after_seq,
    // after_seq + limit]; the store reads a range by its upper end.
    int64_t end = after_seq + limit + 1;
    if (before_seq > 0) end = std::min(end, before_seq);
    Result<MessagePage> page = store_->Read(room_id, end, 0, limit);
    if (!page.ok()) return page;

    int64_t newest_wanted = before_seq > 0 ? std::min(page->last_seq, before_seq - 1)
                                           : page->last_seq;
    int64_t newest_read = page->messages.empty() ? after_seq : page->messages.back().seq;
    std::erase_if(page->messages,
                  [after_seq](const MessageRecord& record) { return record.seq <= after_seq; });
    page->has_more = newest_read < newest_wanted;
    return page;
  }

  Result<StoredPage> ReadAfter(const std::string& room_id, int64_t after_seq, int limit) {
    StoredPage result;
    if (limit == 0) {
      Result<int64_t> last = store_->LastSeq(room_id);
      if (!last.ok()) return StoreFailure("read", room_id, last.status());
      result.last_seq = *last;
      return result;
    }

    Result<MessagePage> page = ReadForward(room_id, after_seq, 0, limit);
    if (!page.ok()) return StoreFailure("read", room_id, page.status());
    result.last_seq = page->last_seq;
    result.messages.reserve(page->messages.size());
    for (const MessageRecord& record : page->messages) result.messages.push_back(ToProto(record));
    return result;
  }

  void SubscribeAllRooms(std::shared_ptr<ServerStream<v1::Message>> stream) {
    live_->firehose->Add(std::move(stream), {});
  }

  std::shared_ptr<MessageStore> store_;
  const MessageServiceOptions options_;
  const std::shared_ptr<LiveFanOut> live_ = std::make_shared<LiveFanOut>();
};

}  // namespace

std::shared_ptr<MessageServiceBase> NewMessageService(std::shared_ptr<MessageStore> store,
                                                      MessageServiceOptions options) {
  return std::make_shared<MessageService>(std::move(store), options);
}

}  // namespace dchat
