// ServerStream<T>: the server side of a server-streaming call.
//
// A skeleton hands each streaming handler a shared ServerStream. The handler
// may keep it and write from any thread for as long as the call lasts:
//
//   void Watch(const v1::WatchPresenceRequest& request,
//              std::shared_ptr<ServerStream<v1::PresenceWatchEvent>> stream) override {
//     hub_.Add(stream);  // the hub writes to it as events happen
//   }
//
// Flow control: the stream queues at most capacity() messages, with one
// write on the wire at a time. Write() returns false instead of queueing
// more, so a slow client costs bounded memory; the writer decides what to
// do (drop, catch up later from storage, or end the stream). OnDrained tells
// the writer when a full queue has emptied to half.
//
// Thread safety: every method may be called from any thread. Callbacks run
// on gRPC threads and must not block.
//
// Lifetime: the stream object lives while anyone holds it; the call itself
// ends after Finish() has flushed the queue, when the client cancels, or
// when the server shuts down (status UNAVAILABLE). Writes after the end
// return false.
#ifndef DCHAT_SERVER_STREAM_H_
#define DCHAT_SERVER_STREAM_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <grpcpp/support/server_callback.h>

#include "dchat/call_context.h"
#include "dchat/detail/server_runtime.h"
#include "dchat/grpc_status.h"
#include "dchat/status.h"

namespace dchat {

template <class T>
class ServerStream : public detail::OpenStream,
                     public std::enable_shared_from_this<ServerStream<T>> {
 public:
  using DrainedCallback = std::function<void()>;
  using ClosedCallback = std::function<void(const Status&)>;

  // Made by the skeletons. `context` must be the call's own.
  static std::shared_ptr<ServerStream> Create(
      grpc::CallbackServerContext* context, detail::ServerRuntime* runtime) {
    std::shared_ptr<ServerStream> stream(new ServerStream(context, runtime));
    stream->reactor_ = new Reactor(stream);
    return stream;
  }

  // The reactor to return from the generated handler.
  grpc::ServerWriteReactor<T>* reactor() const { return reactor_; }

  const CallContext& context() const { return call_; }
  size_t capacity() const { return capacity_; }

  // Queues `message`. Returns false, and queues nothing, when capacity()
  // messages are already queued or the stream is ending or has ended.
  bool Write(T message) {
    std::unique_lock lock(mutex_);
    if (finishing_ || ended_) return false;
    if (queue_.size() >= capacity_) {
      full_ = true;
      return false;
    }
    queue_.push_back(std::move(message));
    StartNextWrite(lock);
    return true;
  }

  // Ends the call with `status` once the queued messages are written.
  // Later calls do nothing.
  void Finish(Status status) {
    std::unique_lock lock(mutex_);
    if (finishing_ || ended_) return;
    finishing_ = true;
    finish_status_ = std::move(status);
    if (!writing_) StartFinish(lock);
  }

  // True once the call has ended or is ending.
  bool IsDone() const {
    std::lock_guard lock(mutex_);
    return finishing_ || ended_;
  }

  size_t queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  // Runs `callback` each time a queue that rejected a write has drained to
  // half its capacity.
  void OnDrained(DrainedCallback callback) {
    std::lock_guard lock(mutex_);
    on_drained_ = std::move(callback);
  }

  // Runs `callback` once when the call has ended, with its final status
  // (CANCELLED when the client went away). Runs at once when it already
  // has. Every callback registered runs, in the order of registration.
  void OnClosed(ClosedCallback callback) {
    std::unique_lock lock(mutex_);
    if (ended_) {
      Status status = final_status_;
      lock.unlock();
      callback(status);
      return;
    }
    on_closed_.push_back(std::move(callback));
  }

  void EndForShutdown(const Status& status) override { Finish(status); }

 private:
  class Reactor : public grpc::ServerWriteReactor<T> {
   public:
    explicit Reactor(std::shared_ptr<ServerStream> stream)
        : stream_(std::move(stream)) {}

    void OnWriteDone(bool ok) override { stream_->WriteDone(ok); }
    void OnCancel() override { stream_->Cancelled(); }
    void OnDone() override {
      stream_->Ended();
      delete this;
    }

   private:
    std::shared_ptr<ServerStream> stream_;
  };

  ServerStream(grpc::CallbackServerContext* context,
               detail::ServerRuntime* runtime)
      : call_(context),
        runtime_(runtime),
        capacity_(runtime->stream_queue_limit()) {}

  // gRPC may run reactions inline, so the reactor is always called without
  // the lock held.
  void StartNextWrite(std::unique_lock<std::mutex>& lock) {
    if (writing_ || queue_.empty() || ended_) return;
    writing_ = true;
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();

    DrainedCallback drained;
    if (full_ && queue_.size() <= capacity_ / 2) {
      full_ = false;
      drained = on_drained_;
    }

    // With more messages queued behind this one, gRPC may hold it back and
    // send it in one TCP write with the next ones. The last message of the
    // queue goes without the hint and sends them all, so a burst, such as
    // the messages of one commit, costs one write instead of one each.
    grpc::WriteOptions options;
    if (!queue_.empty()) options.set_buffer_hint();
    lock.unlock();
    reactor_->StartWrite(&in_flight_, options);
    if (drained) drained();
  }

  void StartFinish(std::unique_lock<std::mutex>& lock) {
    if (finish_started_) return;
    finish_started_ = true;
    grpc::Status status = ToGrpcStatus(finish_status_);
    lock.unlock();
    reactor_->Finish(status);
  }

  void WriteDone(bool ok) {
    std::unique_lock lock(mutex_);
    writing_ = false;
    if (!ok) {
      // The client is gone; nothing more can be written.
      queue_.clear();
      if (!finishing_) {
        finishing_ = true;
        finish_status_ = CancelledError("client went away");
      }
    }
    if (!queue_.empty()) {
      StartNextWrite(lock);
      return;
    }
    if (finishing_) StartFinish(lock);
  }

  void Cancelled() {
    std::unique_lock lock(mutex_);
    queue_.clear();
    if (!finishing_) {
      finishing_ = true;
      finish_status_ = CancelledError("call cancelled by the client");
    }
    if (!writing_) StartFinish(lock);
  }

  void Ended() {
    std::unique_lock lock(mutex_);
    ended_ = true;
    final_status_ = finish_status_;
    std::vector<ClosedCallback> closed = std::move(on_closed_);
    on_closed_.clear();
    on_drained_ = nullptr;
    Status status = final_status_;
    lock.unlock();

    runtime_->Untrack(this);
    for (const ClosedCallback& callback : closed) callback(status);
  }

  const CallContext call_;
  detail::ServerRuntime* const runtime_;
  const size_t capacity_;
  Reactor* reactor_ = nullptr;  // owned by gRPC until OnDone

  mutable std::mutex mutex_;
  std::deque<T> queue_;             // guarded by mutex_
  T in_flight_;                     // written only by the single writer
  bool writing_ = false;            // guarded by mutex_
  bool full_ = false;               // guarded by mutex_
  bool finishing_ = false;          // guarded by mutex_
  bool finish_started_ = false;     // guarded by mutex_
  bool ended_ = false;              // guarded by mutex_
  Status finish_status_;            // guarded by mutex_
  Status final_status_;             // guarded by mutex_
  DrainedCallback on_drained_;      // guarded by mutex_
  std::vector<ClosedCallback> on_closed_;  // guarded by mutex_
};

}  // namespace dchat

#endif  // DCHAT_SERVER_STREAM_H_
