#include "infrastructure/persistence/postgres/pg_transaction.hpp"

#include <cctype>
#include <stdexcept>

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kBeginWrite{"tx_begin_write", "BEGIN"};
// A consistent snapshot for the whole read, like SQLite's WAL read transaction.
constexpr Statement kBeginRead{"tx_begin_read", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"};
constexpr Statement kCommit{"tx_commit", "COMMIT"};
constexpr Statement kRollback{"tx_rollback", "ROLLBACK"};
// Rolling back must not wait the full call timeout on a server that is gone.
constexpr std::chrono::milliseconds kRollbackTimeout{1000};

}  // namespace

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

PgTransaction::PgTransaction(PgPool::Lease lease, application::TransactionMode mode,
                             std::chrono::milliseconds timeout)
    : lease_(std::move(lease)), mode_(mode), timeout_(timeout) {}

PgTransaction::~PgTransaction() {
  if (committed_ || !begun_ || lease_->Broken()) return;
  if (mode_ == application::TransactionMode::kRead) {
    // A read-only transaction has nothing to lose: its end is not worth a round trip of the
    // worker's time. The connection sends it now and pipelines its next call behind it.
    lease_->ExecuteDetached(kRollback);
    return;
  }
  try {
    lease_->Execute(kRollback, {}, kRollbackTimeout);
  } catch (...) {
    // The pool discards a connection left inside a transaction.
  }
}

std::vector<PgResult> PgTransaction::Run(std::vector<Command> commands) {
  std::vector<Command> batch;
  batch.reserve(commands.size() + deferred_.size() + 1);
  const bool begin = !begun_;
  if (begin) {
    batch.push_back(
        {mode_ == application::TransactionMode::kRead ? &kBeginRead : &kBeginWrite, {}});
  }
  const std::size_t skip = batch.size() + deferred_.size();
  for (auto& command : deferred_) batch.push_back(std::move(command));
  deferred_.clear();
  for (auto& command : commands) batch.push_back(std::move(command));
  // From here on the server has a transaction (or will roll back a failed pipeline's).
  begun_ = true;
  auto results = lease_->Execute(batch, timeout_);
  results.erase(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(skip));
  return results;
}

PgResult PgTransaction::Query(const Statement& statement, Params params) {
  std::vector<Command> commands;
  commands.push_back({&statement, std::move(params)});
  return std::move(Run(std::move(commands)).front());
}

void PgTransaction::Defer(const Statement& statement, Params params) {
  deferred_.push_back({&statement, std::move(params)});
}

void PgTransaction::Commit() {
  if (committed_) throw std::logic_error("the unit of work is already committed");
  if (!begun_ && deferred_.empty()) {
    committed_ = true;  // nothing was ever sent: nothing to commit
    return;
  }
  std::vector<Command> commands;
  commands.push_back({&kCommit, {}});
  Run(std::move(commands));
  committed_ = true;
}

}  // namespace rampart::infrastructure::postgres
