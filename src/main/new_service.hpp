#pragma once
// `rampart new <name> [options]`: generates a new service from a rampart checkout by running the
// checkout's scripts/new_service.py, the one implementation of the generator (docs/template.md);
// the options, their checks and every message are the script's.
#include <string>
#include <vector>

namespace rampart {

// Finds the checkout (RAMPART_TEMPLATE_DIR, else the folders above this binary, else those above
// the current directory) and replaces this process with `python3 <checkout>/scripts/
// new_service.py <arguments...>`. Returns only on failure: 1, with one line on stderr.
int NewService(const std::vector<std::string>& arguments);

}  // namespace rampart
