#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"

namespace rampart::application {

// DeleteNoteCommand: DELETE /api/v1/notes/{id} — deletes one of the caller's notes. 404 for
// another principal's note.
struct DeleteNoteCommand {
  using Response = void;
  static constexpr std::string_view kName = "notes.delete";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string note_id;
};

domain::Result<void> Handle(const DeleteNoteCommand& command, UseCaseContext& context);

}  // namespace rampart::application
