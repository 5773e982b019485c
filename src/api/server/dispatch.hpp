#pragma once
// The last stage of the pipeline: runs the matched endpoint's handler, on the I/O thread
// (Execution::kInline) or on the worker pool (kWorker, awaited).
#include "api/middleware/middleware.hpp"
#include "api/server/worker_pool.hpp"

namespace rampart::api {

// DispatchToEndpoint runs context.endpoint's handler (404 problem when no routing stage set
// one), after its fast path when it has one and that did not answer. A full worker pool answers
// 503 `unavailable` with Retry-After: 1. Exceptions from the handler propagate (to the error
// boundary).
boost::asio::awaitable<Response> DispatchToEndpoint(HttpContext& context, WorkerPool& pool);

}  // namespace rampart::api
