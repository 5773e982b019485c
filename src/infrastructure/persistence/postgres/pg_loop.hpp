#pragma once
// The event loop of the PostgreSQL adapter: one Asio io_context on its own thread, where every
// connection's socket I/O happens. Included only by the adapter's sources.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <thread>

namespace rampart::infrastructure::postgres {

class PgLoop {
 public:
  // PgLoop starts the thread.
  PgLoop();
  // Stops the loop and joins the thread; handlers still queued are dropped.
  ~PgLoop();
  PgLoop(const PgLoop&) = delete;
  PgLoop& operator=(const PgLoop&) = delete;

  boost::asio::io_context& context() { return context_; }
  bool InLoopThread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  boost::asio::io_context context_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace rampart::infrastructure::postgres
