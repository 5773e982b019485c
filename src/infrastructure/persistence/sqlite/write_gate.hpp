#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace rampart::infrastructure::sqlite {

// WriteGate admits one writer at a time, waiting at most a timeout. (A mutex plus a condition
// variable rather than std::timed_mutex, whose timed wait ThreadSanitizer cannot follow.)
class WriteGate {
 public:
  // Pass is the right to write; movable, released on destruction or by Release().
  class Pass {
   public:
    Pass() = default;
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass& operator=(Pass&& other) noexcept;
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass() { Release(); }
    void Release();
    bool held() const { return gate_ != nullptr; }

   private:
    friend class WriteGate;
    explicit Pass(WriteGate* gate) : gate_(gate) {}
    WriteGate* gate_ = nullptr;
  };

  // Enter throws std::runtime_error when the gate stays taken for `timeout`.
  Pass Enter(std::chrono::milliseconds timeout);

 private:
  void Leave();

  std::mutex mutex_;
  std::condition_variable left_;
  bool taken_ = false;  // guarded by mutex_
};

}  // namespace rampart::infrastructure::sqlite
