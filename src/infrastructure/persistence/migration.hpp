#pragma once
#include <string_view>

namespace rampart::infrastructure {

// Migration is one versioned schema migration, embedded into the binary at build time from
// migrations/<db>/.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

}  // namespace rampart::infrastructure
