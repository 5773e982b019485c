#pragma once
// The cache contract every Cache adapter passes: a parameterised GoogleTest
// suite that drives the port only. An adapter's test instantiates it with a maker:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, CacheContract,
//                            ::testing::Values(ContractCache{"memory", &MakeCache}),
//                            ContractCacheName);
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "application/ports/cache.hpp"

namespace rampart::integration {

// Called once per test: a cache to test and a key prefix no other test uses (adapters that
// share one server keep tests apart by prefix).
struct CacheUnderTest {
  std::shared_ptr<application::Cache> cache;
  std::string prefix;
};

struct ContractCache {
  std::string name;  // a C identifier: it ends every test name
  std::function<CacheUnderTest()> make;

  friend void PrintTo(const ContractCache& cache, std::ostream* out) { *out << cache.name; }
};

inline std::string ContractCacheName(const ::testing::TestParamInfo<ContractCache>& info) {
  return info.param.name;
}

class CacheContract : public ::testing::TestWithParam<ContractCache> {
 protected:
  void SetUp() override {
    auto made = GetParam().make();
    cache_ = std::move(made.cache);
    prefix_ = std::move(made.prefix);
  }
  std::string Key(std::string_view name) const { return prefix_ + std::string(name); }

  std::shared_ptr<application::Cache> cache_;
  std::string prefix_;
};

}  // namespace rampart::integration
