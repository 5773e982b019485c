#pragma once
// The rate-limit store contract every RateLimitStore passes: a
// parameterised GoogleTest suite that drives the port only, with windows long enough (an hour)
// that the time a test takes cannot refill a token. A store's test instantiates it:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, RateLimitContract,
//                            ::testing::Values(ContractStore{"memory", &MakeStore}),
//                            ContractStoreName);
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "application/ports/rate_limit_store.hpp"

namespace rampart::integration {

// Called once per test: a store and a key prefix no other test uses.
struct RateLimitStoreUnderTest {
  std::shared_ptr<application::RateLimitStore> store;
  std::string prefix;
};

struct ContractStore {
  std::string name;  // a C identifier: it ends every test name
  std::function<RateLimitStoreUnderTest()> make;

  friend void PrintTo(const ContractStore& store, std::ostream* out) { *out << store.name; }
};

inline std::string ContractStoreName(const ::testing::TestParamInfo<ContractStore>& info) {
  return info.param.name;
}

class RateLimitContract : public ::testing::TestWithParam<ContractStore> {
 protected:
  void SetUp() override {
    auto made = GetParam().make();
    store_ = std::move(made.store);
    prefix_ = std::move(made.prefix);
  }
  std::string Key(std::string_view name) const { return prefix_ + std::string(name); }
  /// One Take through the port's asynchronous path, waited for.
  application::RateLimitDecision Take(std::string_view key,
                                      const application::RateLimitPolicy& policy,
                                      std::uint32_t cost = 1);

  std::shared_ptr<application::RateLimitStore> store_;
  std::string prefix_;
};

}  // namespace rampart::integration
