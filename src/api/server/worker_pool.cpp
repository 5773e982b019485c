#include "api/server/worker_pool.hpp"

#include <exception>
#include <stdexcept>

#include "common/log.hpp"
#include "telemetry/context.hpp"

namespace rampart::api {

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_queue) : max_queue_(max_queue) {
  if (threads == 0) throw std::invalid_argument("worker pool needs at least one thread");
  if (max_queue == 0) throw std::invalid_argument("worker pool needs a queue of at least one job");
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { WorkLoop(); });
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(Job job) {
  // The submitter's trace context goes with the job (a job submitted from a request's code
  // keeps its correlation id and trace on the worker).
  if (const telemetry::Context& context = telemetry::Current();
      context.HasTrace() || !context.correlation_id.empty()) {
    job = [context, inner = std::move(job)]() mutable {
      telemetry::ContextScope scope(context);
      inner();
    };
  }
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && queue_.size() < max_queue_) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return true;
    }
  }
  rejected_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  std::call_once(joined_, [this] {
    for (auto& worker : workers_) worker.join();
  });
}

std::size_t WorkerPool::Queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::WorkLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
      busy_.fetch_add(1, std::memory_order_relaxed);
    }
    try {
      job();
    } catch (const std::exception& error) {
      log::Error("worker", "job failed", {{"error", error.what()}});
    } catch (...) {
      log::Error("worker", "job failed", {{"error", "unknown exception"}});
    }
    busy_.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace rampart::api
