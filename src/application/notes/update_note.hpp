#pragma once
#include <optional>
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/note.hpp"

namespace rampart::application {

// UpdateNoteCommand: PATCH /api/v1/notes/{id} — change the title or the body of one of the caller's
// notes (only the fields given). 404 for another principal's note.
struct UpdateNoteCommand {
  using Response = domain::Note;
  static constexpr std::string_view kName = "notes.update";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string note_id;
  std::optional<std::string> title;
  std::optional<std::string> body;
};

// Validate: fields `title`, `body` (as CreateNoteCommand's), when given.
void Validate(const UpdateNoteCommand& command, Validation& validation);
domain::Result<domain::Note> Handle(const UpdateNoteCommand& command, UseCaseContext& context);

}  // namespace rampart::application
