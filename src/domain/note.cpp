#include "domain/note.hpp"

#include <algorithm>

#include "domain/plain_text.hpp"
#include "domain/utf8.hpp"

namespace rampart::domain {

Result<std::string> ParseNoteTitle(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  auto invalid = [](std::string message) {
    return Fail(Error::Validation({{"title", std::move(message)}}));
  };
  if (const auto fault = CheckPlainText(raw); fault != TextFault::kNone) {
    return invalid("Title " + std::string(Describe(fault)) + ".");
  }
  const auto length = Utf8Length(raw);
  if (*length == 0) return invalid("Title is required.");
  if (*length > kMaxNoteTitleLength) return invalid("Title must be at most 200 characters.");
  return std::string(raw);
}

std::optional<std::string> NoteBodyError(std::string_view body) {
  const auto length = Utf8Length(body);
  if (!length) return "Body must be valid UTF-8.";
  // A line break or a tab belongs in a note; any other control character (NUL above all, which not
  // every database's text type can hold) does not.
  const bool control = std::ranges::any_of(body, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
  });
  if (control) return "Body must not contain control characters other than tabs and line breaks.";
  if (*length > kMaxNoteBodyLength) return "Body must be at most 10000 characters.";
  return std::nullopt;
}

}  // namespace rampart::domain
