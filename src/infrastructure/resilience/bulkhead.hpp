#pragma once
// A bulkhead: at most `limit` calls to one dependency at once. A call beyond it is refused at
// once (not queued), so a slow dependency ties up a bounded number of threads and no more.
#include <atomic>
#include <cstddef>
#include <optional>

namespace rampart::infrastructure::resilience {

class Bulkhead {
 public:
  // Permit is a place in the bulkhead, given back when destroyed.
  class Permit {
   public:
    explicit Permit(Bulkhead& owner) : owner_(&owner) {}
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    ~Permit() {
      if (owner_ != nullptr) owner_->in_use_.fetch_sub(1, std::memory_order_release);
    }

   private:
    Bulkhead* owner_;
  };

  // Bulkhead throws std::invalid_argument when limit is 0.
  explicit Bulkhead(std::size_t limit);
  // TryAcquire returns a permit, or nullopt when `limit` calls are in progress. Thread-safe,
  // lock-free.
  std::optional<Permit> TryAcquire();
  std::size_t InUse() const { return in_use_.load(std::memory_order_acquire); }
  std::size_t Limit() const { return limit_; }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> in_use_{0};
};

}  // namespace rampart::infrastructure::resilience
