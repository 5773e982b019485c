#include "infrastructure/persistence/postgres/pg_pool.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <unordered_set>

#include "application/ports/dependency_unavailable.hpp"
#include "common/log.hpp"
#include "infrastructure/persistence/postgres/pg_loop.hpp"

namespace rampart::infrastructure::postgres {

namespace asio = boost::asio;
using application::DependencyUnavailable;
using Clock = std::chrono::steady_clock;

namespace {
constexpr const char* kDependency = "database";
// How often the background task looks at the pool when all is well.
constexpr std::chrono::milliseconds kMaintenancePeriod{1000};
}  // namespace

// Everything the pool shares with its leases and its handlers on the loop, which may outlive
// the PgPool object by a moment.
struct PgPool::Lease::Shared : std::enable_shared_from_this<Shared> {
  struct Idle {
    std::shared_ptr<PgConnection> connection;
    Clock::time_point since;
  };

  Shared(PgLoop& loop, PoolOptions options)
      : loop(loop),
        options(std::move(options)),
        breaker(this->options.breaker),
        backoff(this->options.reconnect),
        timer(loop.context()) {}

  PgLoop& loop;
  const PoolOptions options;
  resilience::CircuitBreaker breaker;

  mutable std::mutex mutex;
  std::condition_variable available;
  std::deque<Idle> idle;                     // most recently used at the back
  std::unordered_set<PgConnection*> leased;  // held alive by their leases; for Interrupt()
  int total = 0;
  int in_use = 0;
  int waiting = 0;
  std::uint64_t connects = 0;
  std::uint64_t connect_failures = 0;
  bool stopping = false;

  // Loop thread only.
  resilience::Backoff backoff;
  asio::steady_timer timer;
  bool maintaining = false;
  bool outage_logged = false;

  bool Expired(const PgConnection& connection, Clock::time_point now) const {
    return now - connection.created_at() >= options.max_lifetime;
  }

  void Release(std::shared_ptr<PgConnection> connection) {
    bool keep = false;
    {
      std::lock_guard lock(mutex);
      --in_use;
      leased.erase(connection.get());
      keep = !stopping && !connection->Broken() && connection->Idle() &&
             !Expired(*connection, Clock::now());
      if (keep) {
        idle.push_back({connection, Clock::now()});
      } else {
        --total;
      }
    }
    if (!keep) connection->Close();
    available.notify_one();
  }

  void Connected(const std::shared_ptr<PgConnection>& connection) {
    breaker.RecordSuccess();
    std::lock_guard lock(mutex);
    ++connects;
    if (outage_logged) {
      outage_logged = false;
      log::Info("db", "PostgreSQL is reachable again");
    }
    (void)connection;
  }

  void ConnectFailed(const std::string& error) {
    breaker.RecordFailure();
    std::lock_guard lock(mutex);
    ++connect_failures;
    if (!outage_logged) {
      outage_logged = true;
      log::Warn("db", "cannot connect to PostgreSQL", {{"error", error}});
    }
  }

  // Stops handing out connections and closes every one (see PgPool::Interrupt).
  void Stop() {
    std::deque<Idle> closing;
    std::vector<std::shared_ptr<PgConnection>> in_flight;
    {
      std::lock_guard lock(mutex);
      stopping = true;
      closing.swap(idle);
      total -= static_cast<int>(closing.size());
      for (PgConnection* connection : leased) in_flight.push_back(connection->shared_from_this());
    }
    available.notify_all();
    for (auto& entry : closing) entry.connection->Close();
    // Their leases return them later (and count them then); closing fails their calls now.
    for (auto& connection : in_flight) connection->Close();
  }

  // --- background maintenance (loop thread) --------------------------------------------------

  void Schedule(std::chrono::milliseconds delay) {
    timer.expires_after(delay);
    timer.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->Maintain();
    });
  }

  void Maintain() {
    std::vector<std::shared_ptr<PgConnection>> closing;
    bool open_one = false;
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
      const auto now = Clock::now();
      // Drop broken, too old, and (above min_size) long-idle connections; oldest at the front.
      for (auto it = idle.begin(); it != idle.end();) {
        const bool idle_too_long =
            total > options.min_size && now - it->since >= options.idle_timeout;
        if (it->connection->Broken() || Expired(*it->connection, now) || idle_too_long) {
          closing.push_back(std::move(it->connection));
          it = idle.erase(it);
          --total;
        } else {
          ++it;
        }
      }
      if (!maintaining && total < options.min_size) {
        maintaining = true;
        ++total;
        open_one = true;
      }
    }
    for (auto& connection : closing) connection->Close();
    if (!open_one) return Schedule(kMaintenancePeriod);
    PgConnection::OpenAsync(
        loop, options.connect,
        [self = shared_from_this()](std::shared_ptr<PgConnection> connection, std::string error) {
          self->maintaining = false;
          if (!connection) {
            {
              std::lock_guard lock(self->mutex);
              --self->total;
            }
            self->ConnectFailed(error);
            return self->Schedule(self->backoff.Next());
          }
          self->backoff.Reset();
          self->Connected(connection);
          bool stopped = false;
          {
            std::lock_guard lock(self->mutex);
            stopped = self->stopping;
            if (stopped) {
              --self->total;
            } else {
              self->idle.push_front({connection, Clock::now()});
            }
          }
          if (stopped) return connection->Close();
          self->available.notify_one();
          self->Schedule(std::chrono::milliseconds(0));
        });
  }
};

// --- Lease -----------------------------------------------------------------------------------

PgPool::Lease& PgPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = std::move(other.pool_);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

PgPool::Lease::~Lease() { Return(); }

void PgPool::Lease::Return() {
  if (pool_ && connection_) pool_->Release(std::move(connection_));
  pool_.reset();
  connection_.reset();
}

// --- PgPool ----------------------------------------------------------------------------------

PgPool::PgPool(PgLoop& loop, PoolOptions options) {
  if (options.min_size < 0 || options.max_size < 1 || options.min_size > options.max_size) {
    throw std::invalid_argument(
        "PostgreSQL pool: need 0 <= min_size <= max_size and max_size >= 1");
  }
  shared_ = std::make_shared<Lease::Shared>(loop, std::move(options));
  asio::post(loop.context(), [shared = shared_] { shared->Maintain(); });
}

PgPool::~PgPool() {
  shared_->Stop();
  std::promise<void> stopped;
  asio::post(shared_->loop.context(), [shared = shared_, &stopped] {
    shared->timer.cancel();
    stopped.set_value();
  });
  stopped.get_future().wait();
}

const PoolOptions& PgPool::options() const { return shared_->options; }

void PgPool::Interrupt() { shared_->Stop(); }

PgPool::Lease PgPool::Acquire() {
  return AcquireUntil(Clock::now() + shared_->options.acquire_timeout, /*bound_connect=*/false);
}

PgPool::Lease PgPool::Acquire(std::chrono::milliseconds limit) {
  return AcquireUntil(Clock::now() + std::min(limit, shared_->options.acquire_timeout),
                      /*bound_connect=*/true);
}

PgPool::Lease PgPool::AcquireUntil(Clock::time_point deadline, bool bound_connect) {
  Lease::Shared& pool = *shared_;
  std::unique_lock lock(pool.mutex);
  const auto lease = [&](std::shared_ptr<PgConnection> connection) {
    ++pool.in_use;
    pool.leased.insert(connection.get());
    return Lease(shared_, std::move(connection));
  };
  while (true) {
    if (pool.stopping) throw DependencyUnavailable(kDependency, "the pool is shutting down");
    while (!pool.idle.empty()) {
      auto connection = std::move(pool.idle.back().connection);
      pool.idle.pop_back();
      if (connection->Broken() || pool.Expired(*connection, Clock::now())) {
        --pool.total;
        connection->Close();
        continue;
      }
      return lease(std::move(connection));
    }
    if (pool.total < pool.options.max_size) {
      if (!pool.breaker.Allow()) {
        throw DependencyUnavailable(kDependency, "circuit open: PostgreSQL was unreachable");
      }
      auto connect = pool.options.connect;
      if (bound_connect) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
          throw DependencyUnavailable(kDependency, "no connection within the time allowed");
        }
        connect.connect_timeout = std::min(connect.connect_timeout, left);
      }
      ++pool.total;
      // Connecting happens on the loop; this caller waits for it on the pool's condition, so
      // that Interrupt() releases it at once (the connect then finishes on its own).
      struct Opening {
        bool done = false;
        bool abandoned = false;
        std::shared_ptr<PgConnection> connection;
        std::string error;
      };
      auto opening = std::make_shared<Opening>();
      lock.unlock();
      PgConnection::OpenAsync(
          pool.loop, connect,
          [shared = shared_, opening](std::shared_ptr<PgConnection> connection, std::string error) {
            bool abandoned = false;
            {
              std::lock_guard relock(shared->mutex);
              abandoned = opening->abandoned;
              if (abandoned) {
                --shared->total;
              } else {
                opening->done = true;
                opening->connection = std::move(connection);
                opening->error = std::move(error);
              }
            }
            if (abandoned && connection) connection->Close();
            shared->available.notify_all();
          });
      lock.lock();
      // The loop's connect timer bounds this wait.
      pool.available.wait(lock, [&] { return opening->done || pool.stopping; });
      if (!opening->done) {
        opening->abandoned = true;
        throw DependencyUnavailable(kDependency, "the pool is shutting down");
      }
      if (!opening->connection) {
        --pool.total;
        lock.unlock();
        pool.ConnectFailed(opening->error);
        pool.available.notify_one();
        const std::string reason = "connect failed: " + opening->error;
        if (PermanentConnectFailure(opening->error)) throw PgConnectRefused(kDependency, reason);
        throw DependencyUnavailable(kDependency, reason);
      }
      lock.unlock();
      pool.Connected(opening->connection);
      lock.lock();
      if (pool.stopping) {
        --pool.total;
        opening->connection->Close();
        throw DependencyUnavailable(kDependency, "the pool is shutting down");
      }
      return lease(std::move(opening->connection));
    }
    if (pool.breaker.CurrentState() == resilience::CircuitBreaker::State::kOpen) {
      throw DependencyUnavailable(kDependency, "circuit open: PostgreSQL was unreachable");
    }
    ++pool.waiting;
    const bool woken = pool.available.wait_until(lock, deadline) == std::cv_status::no_timeout;
    --pool.waiting;
    if (!woken && Clock::now() >= deadline) {
      throw DependencyUnavailable(kDependency, "no free connection within the acquire timeout");
    }
  }
}

PoolStats PgPool::Stats() const {
  std::lock_guard lock(shared_->mutex);
  return PoolStats{.in_use = shared_->in_use,
                   .idle = static_cast<int>(shared_->idle.size()),
                   .waiting = shared_->waiting,
                   .total = shared_->total,
                   .connects = shared_->connects,
                   .connect_failures = shared_->connect_failures,
                   .breaker = shared_->breaker.CurrentState()};
}

}  // namespace rampart::infrastructure::postgres
