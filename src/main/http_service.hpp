#pragma once
#include <functional>

#include "main/composition.hpp"

namespace rampart {

// RunHttpService builds the router, middleware chain, worker pool and server from the composition
// and serves until SIGTERM/SIGINT; returns after draining in-flight requests. Throws when it cannot
// listen. `on_drain` runs when the drain begins (see ShutdownDeadline).
void RunHttpService(Composition& composition, std::function<void()> on_drain);

}  // namespace rampart
