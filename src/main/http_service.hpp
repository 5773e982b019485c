#pragma once
#include "main/composition.hpp"

namespace rampart {

// Builds the router, middleware chain, worker pool and server from the composition and serves
// until SIGTERM/SIGINT; returns after draining in-flight requests. Throws when it cannot listen.
void RunHttpService(Composition& composition);

}  // namespace rampart
