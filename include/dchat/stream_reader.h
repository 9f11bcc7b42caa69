// StreamReader<T>: the client side of a server stream.
//
// Two ways to consume a stream, chosen when the typed client opens it:
//
//   // Pull: each Read blocks until the next message or the end.
//   auto stream = gateway.Subscribe(request);
//   dchat::v1::Event event;
//   while (stream->Read(&event)) Handle(event);
//   dchat::Status status = stream->Finish();
//
//   // Push: the callbacks run on a gRPC thread as messages arrive.
//   auto stream = gateway.Subscribe(request, on_event, on_done);
//
// Flow control: in pull mode one read is in flight at a time, so a slow
// reader slows the server down instead of buffering without bound.
//
// Thread safety: Cancel() may be called from any thread at any time. Read()
// and Finish() are for one thread at a time.
//
// Lifetime: destroying a StreamReader cancels the stream and waits until
// gRPC has finished with it, so the callbacks never run after the
// destructor returns. Do not destroy it from inside its own callback.
#ifndef DCHAT_STREAM_READER_H_
#define DCHAT_STREAM_READER_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include <google/protobuf/message.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/client_callback.h>

#include "dchat/detail/unary_call.h"
#include "dchat/grpc_status.h"
#include "dchat/options.h"
#include "dchat/status.h"

namespace dchat {

template <class Response>
class StreamReader {
 public:
  using MessageCallback = std::function<void(const Response&)>;
  using DoneCallback = std::function<void(const Status&)>;

  // A callback-API streaming method of a generated async stub interface.
  template <class Async, class Request>
  using Method = void (Async::*)(grpc::ClientContext*, const Request*,
                                 grpc::ClientReadReactor<Response>*);

  // Opens a stream. With `on_message` set, messages are pushed to it and
  // Read() must not be used; `on_done` then runs once with the final
  // status. The stub behind `async` must outlive the reader. Streams have no
  // deadline unless `call.timeout` sets one.
  template <class Async, class Request>
  static std::unique_ptr<StreamReader> Open(Async* async,
                                            Method<Async, Request> method,
                                            const Request& request,
                                            const ClientOptions& options,
                                            const CallOptions& call,
                                            MessageCallback on_message = nullptr,
                                            DoneCallback on_done = nullptr) {
    std::unique_ptr<StreamReader> reader(new StreamReader());
    Reactor& reactor = *reader->reactor_;
    reactor.request = std::make_unique<Request>(request);
    reactor.on_message = std::move(on_message);
    reactor.on_done = std::move(on_done);

    auto deadline = call.timeout.count() > 0
                        ? detail::CallDeadline(options, call)
                        : detail::Clock::time_point::max();
    reactor.context = detail::NewClientContext(options, call, deadline);
    (async->*method)(reactor.context.get(),
                     static_cast<const Request*>(reactor.request.get()),
                     &reactor);
    if (reactor.on_message) reactor.StartRead(&reactor.buffer);
    reactor.StartCall();
    return reader;
  }

  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  ~StreamReader() {
    Cancel();
    std::unique_lock lock(reactor_->mutex);
    reactor_->changed.wait(lock, [this] { return reactor_->done; });
  }

  // Blocks until the next message and moves it into `*message`. Returns
  // false when the stream has ended; Finish() then returns why.
  bool Read(Response* message) {
    Reactor& reactor = *reactor_;
    std::unique_lock lock(reactor.mutex);
    if (reactor.done) return false;

    if (!reactor.read_pending && !reactor.read_finished) {
      reactor.read_pending = true;
      lock.unlock();
      reactor.StartRead(&reactor.buffer);
      lock.lock();
    }
    reactor.changed.wait(lock, [&] { return reactor.read_finished || reactor.done; });
    if (reactor.read_finished && reactor.read_ok) {
      reactor.read_finished = false;
      *message = std::move(reactor.buffer);
      return true;
    }

    // A failed read is followed by the end of the call.
    reactor.changed.wait(lock, [&] { return reactor.done; });
    return false;
  }

  // Blocks until the stream has ended and returns its final status:
  // OK when the server closed it normally, CANCELLED after Cancel().
  Status Finish() {
    std::unique_lock lock(reactor_->mutex);
    reactor_->changed.wait(lock, [this] { return reactor_->done; });
    return reactor_->status;
  }

  // Ends the stream early; the server sees the call cancelled.
  void Cancel() {
    std::lock_guard lock(reactor_->mutex);
    if (!reactor_->done) reactor_->context->TryCancel();
  }

  // True once the stream has ended, for whatever reason.
  bool IsDone() const {
    std::lock_guard lock(reactor_->mutex);
    return reactor_->done;
  }

 private:
  struct Reactor : grpc::ClientReadReactor<Response> {
    void OnReadDone(bool ok) override {
      if (on_message) {
        if (ok) {
          on_message(buffer);
          this->StartRead(&buffer);
        }
        return;
      }
      std::lock_guard lock(mutex);
      read_pending = false;
      read_finished = true;
      read_ok = ok;
      changed.notify_all();
    }

    void OnDone(const grpc::Status& grpc_status) override {
      Status final_status = FromGrpcStatus(grpc_status);
      if (on_done) on_done(final_status);

      std::lock_guard lock(mutex);
      status = std::move(final_status);
      done = true;
      changed.notify_all();
    }

    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<google::protobuf::Message> request;
    Response buffer;
    MessageCallback on_message;
    DoneCallback on_done;

    mutable std::mutex mutex;
    std::condition_variable changed;
    bool read_pending = false;   // guarded by mutex
    bool read_finished = false;  // guarded by mutex
    bool read_ok = false;        // guarded by mutex
    bool done = false;           // guarded by mutex
    Status status;               // guarded by mutex
  };

  StreamReader() : reactor_(std::make_unique<Reactor>()) {}

  std::unique_ptr<Reactor> reactor_;
};

}  // namespace dchat

#endif  // DCHAT_STREAM_READER_H_
