#pragma once
// A bulkhead: at most `limit` callers inside at once; the others wait in line for a slot up to
// `max_wait`, then are refused. Bounds what concurrent callers can take together (memory, CPU)
// whatever the number of threads that call.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

namespace rampart::infrastructure::resilience {

struct QueuedBulkheadOptions {
  int limit = 1;                          // callers inside at once (at least 1)
  std::chrono::milliseconds max_wait{0};  // longest wait for a slot; 0: refuse at once
};

class QueuedBulkhead {
 public:
  // Permit is a slot held until destruction (or release by move).
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept : bulkhead_(std::exchange(other.bulkhead_, nullptr)) {}
    Permit& operator=(Permit&& other) noexcept;
    ~Permit();
    explicit operator bool() const { return bulkhead_ != nullptr; }

   private:
    friend class QueuedBulkhead;
    explicit Permit(QueuedBulkhead* bulkhead) : bulkhead_(bulkhead) {}
    QueuedBulkhead* bulkhead_ = nullptr;
  };

  // QueuedBulkhead throws std::invalid_argument for limit < 1 or a negative max_wait.
  explicit QueuedBulkhead(QueuedBulkheadOptions options);
  QueuedBulkhead(const QueuedBulkhead&) = delete;
  QueuedBulkhead& operator=(const QueuedBulkhead&) = delete;

  // Enter returns a slot, waiting up to max_wait in arrival order (a freed slot goes to the longest
  // waiting caller); an empty permit when none came free in time.
  Permit Enter();

  int limit() const { return options_.limit; }
  std::chrono::milliseconds max_wait() const { return options_.max_wait; }
  int InUse() const;
  int Waiting() const;
  // Rejected counts the callers refused since construction.
  std::uint64_t Rejected() const;

 private:
  struct Waiter {
    bool admitted = false;  // a leaving caller handed its slot to this one
  };
  void Leave();

  const QueuedBulkheadOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable handed_over_;
  int in_use_ = 0;
  std::deque<Waiter*> line_;  // oldest first; each lives on its caller's stack
  std::uint64_t rejected_ = 0;
};

}  // namespace rampart::infrastructure::resilience
