#include "infrastructure/persistence/sqlite/write_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace rampart::infrastructure::sqlite {
namespace {

using namespace std::chrono_literals;

TEST(WriteGateTest, AdmitsOneHolderAtATime) {
  WriteGate gate;
  auto pass = gate.Enter(10ms);
  EXPECT_TRUE(pass.held());
  EXPECT_THROW(gate.Enter(20ms), std::runtime_error);
  pass.Release();
  EXPECT_FALSE(pass.held());
  EXPECT_TRUE(gate.Enter(10ms).held());
}

TEST(WriteGateTest, AWaiterGetsInWhenTheHolderLeaves) {
  WriteGate gate;
  auto pass = gate.Enter(10ms);
  std::atomic<bool> entered{false};
  std::thread waiter([&] {
    auto mine = gate.Enter(5000ms);
    entered = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(entered.load());
  { auto leaving = std::move(pass); }  // the moved-to pass releases, the moved-from does not
  waiter.join();
  EXPECT_TRUE(entered.load());
  EXPECT_FALSE(pass.held());
}

TEST(WriteGateTest, MoveAssignmentReleasesWhatItOverwrites) {
  WriteGate first;
  WriteGate second;
  auto pass = first.Enter(10ms);
  pass = second.Enter(10ms);
  EXPECT_TRUE(first.Enter(10ms).held());  // first was released by the assignment
  EXPECT_THROW(second.Enter(10ms), std::runtime_error);
}

}  // namespace
}  // namespace rampart::infrastructure::sqlite
