#include "application/messaging/visibility_heartbeat.hpp"

#include <gtest/gtest.h>

#include <latch>
#include <mutex>

namespace rampart::application {
namespace {

using namespace std::chrono_literals;

// Counts extensions; "stale" is refused; the latch opens after `until` extensions of "a".
class RecordingQueue final : public MessageQueue {
 public:
  explicit RecordingQueue(int until) : reached_(until) {}
  std::string Publish(const OutgoingMessage&) override { return {}; }
  std::vector<ReceivedMessage> Receive(int, std::chrono::milliseconds) override { return {}; }
  bool Delete(std::string_view) override { return true; }
  bool ExtendVisibility(std::string_view receipt, std::chrono::milliseconds visibility) override {
    std::lock_guard lock(mutex_);
    if (receipt == "stale") return false;
    EXPECT_EQ(visibility, 30s);
    if (++extended_ <= target_) reached_.count_down();
    return true;
  }
  void Wait() { reached_.wait(); }
  int Extended() {
    std::lock_guard lock(mutex_);
    return extended_;
  }

 private:
  std::mutex mutex_;
  int extended_ = 0;
  int target_ = 3;
  std::latch reached_;
};

TEST(VisibilityHeartbeat, ExtendsUntilDestroyedAndDropsAStaleReceipt) {
  RecordingQueue queue(3);
  int after_stop = 0;
  {
    VisibilityHeartbeat heartbeat(queue, {"a", "stale"}, 30s, 1ms);
    queue.Wait();                     // three beats of "a" happened
    EXPECT_GE(heartbeat.Beats(), 2);  // two beats done; the third may still be under way
    after_stop = queue.Extended();
    const auto lost = heartbeat.Lost();
    ASSERT_EQ(lost.size(), 1U);
    EXPECT_EQ(lost.front(), "stale");
  }
  const int stopped_at = queue.Extended();
  EXPECT_GE(stopped_at, after_stop);
  // Destroyed: no beat any more (the thread was joined).
  EXPECT_EQ(queue.Extended(), stopped_at);
}

}  // namespace
}  // namespace rampart::application
