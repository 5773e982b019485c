#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/note.hpp"

namespace rampart::application {

// CreateNoteCommand: POST /api/v1/notes — a note of the caller's own (the example resource to copy:
// docs/architecture.md). Any authenticated principal may keep notes: a user, a service account, the
// owner of an API key.
struct CreateNoteCommand {
  using Response = domain::Note;
  static constexpr std::string_view kName = "notes.create";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string title;
  std::string body;
};

// Validate: fields `title` (domain::ParseNoteTitle) and `body` (domain::NoteBodyError).
void Validate(const CreateNoteCommand& command, Validation& validation);
domain::Result<domain::Note> Handle(const CreateNoteCommand& command, UseCaseContext& context);

}  // namespace rampart::application
