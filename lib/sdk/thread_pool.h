// A fixed pool of threads that run submitted tasks in order of submission.
#ifndef DCHAT_SDK_THREAD_POOL_H_
#define DCHAT_SDK_THREAD_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dchat::detail {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  // Runs the tasks already submitted, then joins the threads.
  ~ThreadPool();

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void Submit(std::function<void()> task);

 private:
  void Work();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace dchat::detail

#endif  // DCHAT_SDK_THREAD_POOL_H_
