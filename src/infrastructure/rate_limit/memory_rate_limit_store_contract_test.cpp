// The rate-limit store contract on the in-process store (real steady clock).
#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"
#include "integration/rate_limit/rate_limit_contract.hpp"

namespace rampart::infrastructure {
namespace {

integration::RateLimitStoreUnderTest MakeMemoryStore() {
  return {std::make_shared<MemoryRateLimitStore>(), "ip:"};
}

using integration::RateLimitContract;
INSTANTIATE_TEST_SUITE_P(Memory, RateLimitContract,
                         ::testing::Values(integration::ContractStore{"memory", &MakeMemoryStore}),
                         integration::ContractStoreName);

}  // namespace
}  // namespace rampart::infrastructure
