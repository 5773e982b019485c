#pragma once
#include "application/ports/clock.hpp"

namespace rampart::infrastructure {

// SystemClock is the wall clock (UTC), truncated to whole seconds: the resolution of tokens and the
// database.
class SystemClock final : public application::Clock {
 public:
  domain::TimePoint Now() const override;
};

}  // namespace rampart::infrastructure
