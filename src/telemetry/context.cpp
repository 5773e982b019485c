#include "telemetry/context.hpp"

namespace rampart::telemetry {
namespace {
thread_local Context t_current;
}  // namespace

std::string_view WorkName(Work work) {
  switch (work) {
    case Work::kDatabase:
      return "db";
    case Work::kCache:
      return "cache";
    case Work::kPasswordHash:
      return "passwordHash";
    case Work::kQueue:
      return "queue";
    default:
      break;
  }
  return "other";
}

const Context& Current() noexcept { return t_current; }

namespace detail {
Context& MutableCurrent() noexcept { return t_current; }
}  // namespace detail

ContextScope::ContextScope(const Context& context) noexcept : previous_(t_current) {
  t_current = context;
}

ContextScope::~ContextScope() { t_current = previous_; }

}  // namespace rampart::telemetry
