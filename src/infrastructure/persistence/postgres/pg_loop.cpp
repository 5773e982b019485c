#include "infrastructure/persistence/postgres/pg_loop.hpp"

#include <exception>

#include "common/log.hpp"

namespace rampart::infrastructure::postgres {

PgLoop::PgLoop() : work_(boost::asio::make_work_guard(context_)) {
  thread_ = std::thread([this] {
    while (true) {
      try {
        context_.run();
        return;
      } catch (const std::exception& error) {
        // A handler must never take the database loop down with it.
        log::Error("db", "exception on the PostgreSQL loop", {{"error", error.what()}});
      }
    }
  });
}

PgLoop::~PgLoop() {
  work_.reset();
  context_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace rampart::infrastructure::postgres
