#include "infrastructure/persistence/sqlite/write_gate.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace rampart::infrastructure::sqlite {

WriteGate::Pass& WriteGate::Pass::operator=(Pass&& other) noexcept {
  if (this != &other) {
    Release();
    gate_ = other.gate_;
    other.gate_ = nullptr;
  }
  return *this;
}

void WriteGate::Pass::Release() {
  if (gate_ != nullptr) std::exchange(gate_, nullptr)->Leave();
}

WriteGate::Pass WriteGate::Enter(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!left_.wait_for(lock, timeout, [&] { return !taken_; })) {
    throw std::runtime_error("SQLite: the write lock stayed busy for " +
                             std::to_string(timeout.count()) + " ms");
  }
  taken_ = true;
  return Pass(this);
}

void WriteGate::Leave() {
  {
    std::lock_guard lock(mutex_);
    taken_ = false;
  }
  left_.notify_one();
}

}  // namespace rampart::infrastructure::sqlite
