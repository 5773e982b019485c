#pragma once
// A note: a short text a principal keeps for themselves — the example resource to copy
// (docs/architecture.md, "Where a new thing goes").
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/errors.hpp"
#include "domain/time.hpp"

namespace rampart::domain {

struct Note {
  std::string id;        // UUID
  std::string owner_id;  // the principal who wrote it (the access token's subject)
  std::string title;
  std::string body;
  TimePoint created_at{};
  TimePoint updated_at{};
};

inline constexpr std::size_t kMaxNoteTitleLength = 200;    // characters
inline constexpr std::size_t kMaxNoteBodyLength = 10'000;  // characters

// ParseNoteTitle validates a title: 1..200 characters after trimming spaces and tabs, and text a
// reader can trust (domain/plain_text.hpp). The field error names `title`.
Result<std::string> ParseNoteTitle(std::string_view raw);

// NoteBodyError returns what is wrong with a body, nullopt when nothing: it may be empty; at most
// 10,000 characters of UTF-8 whose only control characters are tab, line feed and carriage return.
std::optional<std::string> NoteBodyError(std::string_view body);

}  // namespace rampart::domain
