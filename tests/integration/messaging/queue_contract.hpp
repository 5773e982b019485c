#pragma once
// The message queue contract every MessageQueue adapter passes: a parameterised GoogleTest
// suite that drives the port only. An
// adapter's test instantiates it with a maker that returns a fresh, empty FIFO queue whose
// redrive policy (or maximum) dead-letters a message on its third receive:
//
//   INSTANTIATE_TEST_SUITE_P(Local, QueueContract,
//                            ::testing::Values(ContractQueue{"local", &MakeQueue}),
//                            ContractQueueName);
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "application/ports/message_queue.hpp"

namespace rampart::integration {

// Receives after which a message goes to the dead-letter queue, in every contract queue.
inline constexpr int kContractMaxReceives = 2;

struct ContractQueue {
  std::string name;  // a C identifier: it ends every test name
  std::function<std::shared_ptr<application::MessageQueue>()> make;

  friend void PrintTo(const ContractQueue& queue, std::ostream* out) { *out << queue.name; }
};

inline std::string ContractQueueName(const ::testing::TestParamInfo<ContractQueue>& info) {
  return info.param.name;
}

class QueueContract : public ::testing::TestWithParam<ContractQueue> {
 protected:
  void SetUp() override { queue_ = GetParam().make(); }
  std::shared_ptr<application::MessageQueue> queue_;
};

}  // namespace rampart::integration
