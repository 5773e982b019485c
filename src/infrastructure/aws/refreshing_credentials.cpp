#include "infrastructure/aws/refreshing_credentials.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace rampart::infrastructure::aws {

namespace {
using SystemClock = std::chrono::system_clock;
constexpr std::string_view kComponent = "aws";
}  // namespace

bool RefreshingCredentials::Valid(const AwsCredentials& credentials,
                                  SystemClock::time_point now) const {
  return !credentials.expiration || now + options_.expiry_margin < *credentials.expiration;
}

RefreshingCredentials::RefreshingCredentials(Fetcher fetch, RefreshOptions options)
    : fetch_(std::move(fetch)), options_(std::move(options)) {
  thread_ = std::thread([this] { Run(); });
}

RefreshingCredentials::~RefreshingCredentials() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

SystemClock::time_point RefreshingCredentials::RefreshAt(const AwsCredentials& credentials) const {
  if (!credentials.expiration) return SystemClock::time_point::max();
  const auto now = SystemClock::now();
  const auto lifetime = *credentials.expiration - now;
  const auto ahead = std::min<SystemClock::duration>(options_.refresh_before, lifetime / 2);
  return *credentials.expiration - ahead;
}

std::expected<AwsCredentials, std::string> RefreshingCredentials::FetchAndStore() {
  auto fetched = fetch_();
  std::lock_guard lock(mutex_);
  if (fetched) {
    const bool first = !current_;
    current_ = *fetched;
    refresh_at_ = RefreshAt(*fetched);
    (first ? log::Info : log::Debug)(kComponent, "credentials obtained",
                                     {{"source", fetched->Describe()}});
  } else {
    refresh_at_ = SystemClock::now() + options_.retry_after;
  }
  wake_.notify_all();
  return fetched;
}

std::expected<AwsCredentials, std::string> RefreshingCredentials::Current() {
  {
    std::lock_guard lock(mutex_);
    if (current_ && Valid(*current_, SystemClock::now())) return *current_;
  }
  // None valid: this caller fetches (others wait for it and take its result).
  std::lock_guard fetching(fetch_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (current_ && Valid(*current_, SystemClock::now())) return *current_;
  }
  return FetchAndStore();
}

void RefreshingCredentials::Invalidate() {
  std::lock_guard lock(mutex_);
  current_.reset();
}

void RefreshingCredentials::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (refresh_at_ == SystemClock::time_point::max()) {
      wake_.wait(lock,
                 [this] { return stopping_ || refresh_at_ != SystemClock::time_point::max(); });
    } else {
      wake_.wait_until(lock, refresh_at_,
                       [this] { return stopping_ || SystemClock::now() >= refresh_at_; });
    }
    if (stopping_) return;
    lock.unlock();
    bool ok;
    {
      std::lock_guard fetching(fetch_mutex_);
      auto fetched = FetchAndStore();
      ok = fetched.has_value();
      if (!fetched) {
        log::Warn(kComponent, "credentials refresh failed; the current ones are kept while valid",
                  {{"error", fetched.error()}});
      }
    }
    if (options_.on_refresh) options_.on_refresh(ok);
    lock.lock();
  }
}

}  // namespace rampart::infrastructure::aws
