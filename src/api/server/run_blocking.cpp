#include "api/server/run_blocking.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <utility>

namespace rampart::api {
namespace {

namespace asio = boost::asio;
using Signature = void(std::exception_ptr, std::optional<Response>);

template <class Handler>
void Complete(Handler handler, std::exception_ptr failure, std::optional<Response> result) {
  // Resume on the coroutine's own executor (its strand), never on the worker thread.
  auto executor = asio::get_associated_executor(handler);
  asio::post(executor,
             [handler = std::move(handler), failure, result = std::move(result)]() mutable {
               std::move(handler)(failure, std::move(result));
             });
}

struct Initiation {
  template <class Handler>
  void operator()(Handler handler, WorkerPool* pool, std::function<Response()> job) const {
    // The handler lives in shared state so that it survives a refused submission (the pool
    // drops a job it refuses) and can be completed with nullopt.
    struct Pending {
      Handler handler;
      asio::executor_work_guard<asio::associated_executor_t<Handler>> work;
      std::function<Response()> job;
    };
    auto executor = asio::get_associated_executor(handler);
    auto pending = std::make_shared<Pending>(
        Pending{std::move(handler), asio::make_work_guard(executor), std::move(job)});
    const bool accepted = pool->TrySubmit([pending] {
      std::exception_ptr failure;
      std::optional<Response> result;
      try {
        result = pending->job();
      } catch (...) {
        failure = std::current_exception();
      }
      // Whatever the job captured goes before the coroutine resumes.
      pending->job = nullptr;
      Complete(std::move(pending->handler), failure, std::move(result));
      pending->work.reset();
    });
    if (!accepted) {
      Complete(std::move(pending->handler), nullptr, std::nullopt);
      pending->work.reset();
    }
  }
};

}  // namespace

asio::awaitable<std::optional<Response>> RunBlocking(WorkerPool& pool,
                                                     std::function<Response()> job) {
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, Signature>(
      Initiation{}, asio::use_awaitable, &pool, std::move(job));
}

}  // namespace rampart::api
