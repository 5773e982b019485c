#pragma once
// Persistence ports. Adapters (SQLite, PostgreSQL) implement these and pass one shared contract
// suite (tests/integration/repository_contract.hpp). Implementations throw on infrastructure
// failure (I/O error, lost connection); expected outcomes are return values.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/ports/identity_repositories.hpp"  // rampart:only(iam)
#include "domain/audit_event.hpp"
#include "domain/errors.hpp"
#include "domain/note.hpp"

namespace rampart::application {

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual void Append(const domain::AuditEvent& event) = 0;
  // Query: newest first; filters are optional (empty string / nullopt = no filter). `from` and `to`
  // bound `at` inclusively.
  struct Query {
    std::string actor_id;
    std::string action;
    std::string target_id;
    std::optional<domain::TimePoint> from;
    std::optional<domain::TimePoint> to;
    int limit = 50;
    int offset = 0;
  };
  virtual std::vector<domain::AuditEvent> List(const Query& query) = 0;
  // Count returns how many events match the filters of `query` (its limit and offset are ignored).
  virtual long long Count(const Query& query) = 0;
  // DeleteOlderThan (retention) deletes at most `limit` of the oldest events whose `at` is before
  // `bound` (never one at or after it), walking the `at` index; returns how many went. Events
  // another transaction is deleting at the same moment are skipped, not waited for, so two
  // instances pruning at once split the work (PostgreSQL; SQLite's single writer serialises them).
  virtual int DeleteOlderThan(domain::TimePoint bound, int limit) = 0;
};

// NoteRepository: the `notes` table. Every call names the owner: a note of another owner is not
// found, not listed, not changed (the use cases answer 404 without telling it exists).
class NoteRepository {
 public:
  virtual ~NoteRepository() = default;
  virtual void Add(const domain::Note& note) = 0;
  // Find returns the note `id` of `owner_id`; nullopt when there is none (or it is someone
  // else's, or `id` is not a UUID).
  virtual std::optional<domain::Note> Find(std::string_view owner_id, std::string_view id) = 0;
  // FindForUpdate: the same, holding the row until the transaction ends (a row lock, or the
  // database's single write lock), so that a change decided on what it read cannot overwrite a
  // concurrent one (two PATCHes of different fields both land).
  virtual std::optional<domain::Note> FindForUpdate(std::string_view owner_id,
                                                    std::string_view id) = 0;
  // List returns `owner_id`'s notes newest first (created_at, then insertion order), at most
  // `limit` after skipping `offset`.
  virtual std::vector<domain::Note> List(std::string_view owner_id, int limit, int offset) = 0;
  virtual long long Count(std::string_view owner_id) = 0;
  // Update stores title, body and updated_at of `note` (matched by id and owner); false when it
  // matched none.
  virtual bool Update(const domain::Note& note) = 0;
  // Remove deletes the note `id` of `owner_id`; false when it matched none.
  virtual bool Remove(std::string_view owner_id, std::string_view id) = 0;
};

}  // namespace rampart::application
