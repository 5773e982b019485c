#pragma once
#include "domain/time.hpp"

namespace rampart::application {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual domain::TimePoint Now() const = 0;
};

}  // namespace rampart::application
