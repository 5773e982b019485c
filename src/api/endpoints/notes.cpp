// /api/v1/notes*: the authenticated principal's own notes — the example resource to copy when
// adding one (docs/architecture.md, "Where a new thing goes").
#include <boost/json.hpp>

#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

const OpenApiResponse k404{404, "No note with this id among the caller's notes.", ""};
const OpenApiResponse k422{422, "Invalid fields (each one named).", ""};

boost::json::object NoteJson(const domain::Note& note) {
  return {{"id", note.id},
          {"title", note.title},
          {"body", note.body},
          {"ownerId", note.owner_id},
          {"createdAt", domain::FormatRfc3339(note.created_at)},
          {"updatedAt", domain::FormatRfc3339(note.updated_at)}};
}

Response NoteOk(const domain::Note& note) { return NoStore(JsonResponse(200, NoteJson(note))); }

Response NoteCreated(const domain::Note& note) {
  return Created(NoteJson(note), "/api/v1/notes/" + note.id);
}

Response NotePageOk(const application::NotePage& page) {
  return NoStore(JsonResponse(200, PageJson(page, NoteJson)));
}

}  // namespace

std::vector<Endpoint> NotesEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<ListNotesQuery>(
      dispatcher, Method::kGet, "/api/v1/notes",
      {.operation_id = "listNotes",
       .summary = "List my notes",
       .description = "The caller's notes, newest first, one page at a time with the total.",
       .tag = "notes",
       .responses = {{200, "One page of notes.", "NotePage"},
                     {422, "A bad query parameter (each one named).", ""}},
       .query = {{"page", "From 1; default 1.", "integer"},
                 {"pageSize", "1..100; default 20.", "integer"}}},
      BindListNotes, NotePageOk));
  endpoints.push_back(Map<CreateNoteCommand>(
      dispatcher, Method::kPost, "/api/v1/notes",
      {.operation_id = "createNote",
       .summary = "Create a note",
       .description = "A note of the caller's own: `title` 1 to 200 characters of plain text "
                      "(trimmed), `body` up to 10,000 characters.",
       .tag = "notes",
       .request_schema_ref = "CreateNoteRequest",
       .responses = {{201, "The new note.", "Note"}, k422}},
      BindCreateNote, NoteCreated));
  endpoints.push_back(Map<GetNoteQuery>(dispatcher, Method::kGet, "/api/v1/notes/{id}",
                                        {.operation_id = "getNote",
                                         .summary = "Get one of my notes",
                                         .tag = "notes",
                                         .responses = {{200, "The note.", "Note"}, k404}},
                                        BindGetNote, NoteOk));
  endpoints.push_back(
      Map<UpdateNoteCommand>(dispatcher, Method::kPatch, "/api/v1/notes/{id}",
                             {.operation_id = "updateNote",
                              .summary = "Change one of my notes",
                              .description = "Only the fields present change.",
                              .tag = "notes",
                              .request_schema_ref = "UpdateNoteRequest",
                              .responses = {{200, "The note now.", "Note"}, k404, k422}},
                             BindUpdateNote, NoteOk));
  endpoints.push_back(Map<DeleteNoteCommand>(dispatcher, Method::kDelete, "/api/v1/notes/{id}",
                                             {.operation_id = "deleteNote",
                                              .summary = "Delete one of my notes",
                                              .tag = "notes",
                                              .responses = {{204, "Deleted.", ""}, k404}},
                                             BindDeleteNote, NoContent));
  return endpoints;
}

application::ListNotesQuery BindListNotes(Input& in) {
  return {.page = in.Query("page"), .page_size = in.Query("pageSize")};
}

application::CreateNoteCommand BindCreateNote(Input& in) {
  return {.title = in.Required("title", "Title"), .body = in.Optional("body", "Body").value_or("")};
}

application::GetNoteQuery BindGetNote(Input& in) { return {.note_id = in.Path("id")}; }

application::UpdateNoteCommand BindUpdateNote(Input& in) {
  return {.note_id = in.Path("id"),
          .title = in.Optional("title", "Title"),
          .body = in.Optional("body", "Body")};
}

application::DeleteNoteCommand BindDeleteNote(Input& in) { return {.note_id = in.Path("id")}; }

}  // namespace rampart::api
