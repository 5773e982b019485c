#pragma once
// Awaiting a blocking job on the worker pool from an I/O coroutine. Includes Asio: only server
// and middleware sources include this header.
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>

#include "api/http/http.hpp"
#include "api/server/worker_pool.hpp"

namespace rampart::api {

// RunBlocking runs `job` on `pool` and resumes the calling coroutine on its own executor when
// the job is done. An exception thrown by the job is rethrown here. nullopt when the pool
// refused the job (queue full or stopping): the caller answers 503 instead of waiting.
//
// The job may reference the caller's frame (the request): the frame stays alive until the job
// has finished, because the job owns the coroutine's completion handler.
boost::asio::awaitable<std::optional<Response>> RunBlocking(WorkerPool& pool,
                                                            std::function<Response()> job);

}  // namespace rampart::api
