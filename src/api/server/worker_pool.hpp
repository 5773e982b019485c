#pragma once
// The bounded pool for blocking work (SQLite, slow hashing). I/O threads hand jobs to it and await
// them (see run_blocking.hpp); when the queue is full a job is refused at once, so overload
// turns into quick 503s instead of an unbounded backlog. Free of Asio: the composition root
// constructs it cheaply.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rampart::api {

// WorkerPool is the bounded pool for blocking work (see above). Thread-safe.
class WorkerPool {
 public:
  using Job = std::move_only_function<void()>;

  // Starts `threads` workers; at most `max_queue` jobs wait for a free worker. Both must be
  // at least 1 (std::invalid_argument otherwise).
  WorkerPool(std::size_t threads, std::size_t max_queue);
  // Stops (draining the queue) if Stop() was not called.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // TrySubmit queues `job`; false (and `job` is dropped) when the queue is full or the pool is
  // stopping. A job that throws is logged and does not take its worker down. The caller's
  // telemetry::Current() context is current while the job runs.
  bool TrySubmit(Job job);

  // Stop refuses new jobs, runs every queued one, joins the workers. Idempotent; not from a
  // worker.
  void Stop();

  // Threads is the number of workers.
  std::size_t Threads() const { return workers_.size(); }
  // MaxQueue is the most jobs that may wait for a worker.
  std::size_t MaxQueue() const { return max_queue_; }
  // Queued is the number of jobs waiting for a worker now.
  std::size_t Queued() const;
  // Busy is the number of jobs running now.
  std::size_t Busy() const { return busy_.load(std::memory_order_relaxed); }
  // Rejected is the number of jobs refused since start.
  std::uint64_t Rejected() const { return rejected_.load(std::memory_order_relaxed); }

 private:
  void WorkLoop();

  const std::size_t max_queue_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::atomic<std::size_t> busy_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::vector<std::thread> workers_;
  std::once_flag joined_;
};

}  // namespace rampart::api
