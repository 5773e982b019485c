#pragma once
// Paged list answers (SPEC §3): `page` from 1, `pageSize` 1..100, and the total matching.
#include <optional>
#include <string>
#include <vector>

#include "domain/errors.hpp"

namespace rampart::application {

inline constexpr int kMaxPageSize = 100;

struct PageRequest {
  int page = 1;
  int page_size = 50;

  int Offset() const { return (page - 1) * page_size; }
};

// ParsePageRequest reads `page` and `pageSize` query parameters as received (nullopt: absent, the
// default applies). Appends a field error naming each bad one; the returned request then holds the
// defaults for those.
PageRequest ParsePageRequest(const std::optional<std::string>& page,
                             const std::optional<std::string>& page_size, int default_page_size,
                             std::vector<domain::FieldError>& errors);

template <class T>
struct Page {
  std::vector<T> items;
  int page = 1;
  int page_size = 0;
  long long total = 0;
};

}  // namespace rampart::application
