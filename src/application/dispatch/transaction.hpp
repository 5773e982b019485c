#pragma once
// The transaction behaviour: a read snapshot around a query, a write transaction around a
// command that commits only when the handler succeeds (a failed command leaves no trace unless
// its handler committed explicitly). kOwn use cases manage their own units of work.
#include "application/dispatch/use_case.hpp"

namespace rampart::application {

template <class Next>
auto TransactionBehaviour(Transaction transaction, UseCaseContext& context, Next&& next)
    -> decltype(next()) {
  if (transaction == Transaction::kOwn) return next();
  context.Begin(transaction == Transaction::kWrite ? TransactionMode::kWrite
                                                   : TransactionMode::kRead);
  auto result = next();
  if (result && transaction == Transaction::kWrite) context.CommitIfPending();
  return result;
}

}  // namespace rampart::application
