#pragma once
// Argon2MemoryPool: the memory an Argon2 computation fills, kept for the next one.
//
// libsodium maps, pre-faults and unmaps its whole memory (19 MiB at rampart's defaults) on every
// hash: measured on this kind of machine that is a third of a login's CPU. The pool maps one
// region per hash running at once (at most argon2.max_concurrent, by the hashing bulkhead),
// pre-faults it once and lends it out; libargon2 wipes it before handing it back.
#include <cstddef>
#include <mutex>
#include <span>
#include <vector>

namespace rampart::infrastructure {

class Argon2MemoryPool {
 public:
  class Lease {
   public:
    Lease(Argon2MemoryPool& pool, std::span<unsigned char> memory)
        : pool_(&pool), memory_(memory) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), memory_(other.memory_) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->Return(memory_);
    }
    std::span<unsigned char> memory() const { return memory_; }

   private:
    Argon2MemoryPool* pool_;
    std::span<unsigned char> memory_;
  };

  // Argon2MemoryPool lends regions of `bytes` bytes; none is mapped before the first Acquire.
  explicit Argon2MemoryPool(std::size_t bytes) : bytes_(bytes) {}
  ~Argon2MemoryPool();
  Argon2MemoryPool(const Argon2MemoryPool&) = delete;
  Argon2MemoryPool& operator=(const Argon2MemoryPool&) = delete;

  // Acquire lends a free region, mapping a new one when all are lent; throws std::bad_alloc when
  // the system has no memory for it.
  Lease Acquire();

  std::size_t region_bytes() const { return bytes_; }
  // regions: how many are mapped (lent or free).
  std::size_t regions() const;

 private:
  void Return(std::span<unsigned char> memory);

  const std::size_t bytes_;
  mutable std::mutex mutex_;
  std::vector<unsigned char*> all_;
  std::vector<unsigned char*> free_;
};

}  // namespace rampart::infrastructure
