#pragma once
// The read side of notes: the caller's own, never another principal's.
#include <optional>
#include <string>

#include "application/common/paging.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/note.hpp"

namespace rampart::application {

using NotePage = Page<domain::Note>;

inline constexpr int kDefaultNotePageSize = 20;

// ListNotesQuery: GET /api/v1/notes — the caller's notes, newest first, one page at a time with
// the total.
struct ListNotesQuery {
  using Response = NotePage;
  static constexpr std::string_view kName = "notes.list";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  // The page and its total come from one read snapshot, so they agree.
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::optional<std::string> page;  // as received; 1-based
  std::optional<std::string> page_size;
};

// GetNoteQuery: GET /api/v1/notes/{id}
struct GetNoteQuery {
  using Response = domain::Note;
  static constexpr std::string_view kName = "notes.get";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string note_id;
};

// Validate names each bad parameter: page, pageSize.
void Validate(const ListNotesQuery& query, Validation& validation);
domain::Result<NotePage> Handle(const ListNotesQuery& query, UseCaseContext& context);
// Handle: kNotFound for an unknown or malformed id, and for another principal's note (whether it
// exists is not told).
domain::Result<domain::Note> Handle(const GetNoteQuery& query, UseCaseContext& context);

// NoteNotFound is the one answer for a note the caller cannot see.
domain::Error NoteNotFound();

}  // namespace rampart::application
