#include "infrastructure/security/remote_jwks.hpp"

#include <stdexcept>

#include "common/log.hpp"

namespace rampart::infrastructure {
namespace {

http::Url ParsedOrThrow(const std::string& url) {
  auto parsed = http::ParseUrl(url);
  if (!parsed) throw std::invalid_argument("RemoteJwks: not an http(s) URL: " + url);
  return *parsed;
}

// KeysOf: the keys of the issuer's answer, or why there are none.
std::expected<JwksKeys, std::string> KeysOf(const http::CallResult& answer, std::size_t max_bytes) {
  if (!answer) return std::unexpected(answer.error().message);
  if (answer->status != 200) {
    return std::unexpected("the issuer answered " + std::to_string(answer->status));
  }
  if (answer->body.size() > max_bytes) {
    return std::unexpected("the JWKS is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return ParseJwks(answer->body);
}

}  // namespace

std::optional<std::string> JwksUrlOf(std::string_view issuer) {
  if (issuer.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  std::string url(issuer);
  while (url.ends_with('/')) url.pop_back();
  url += "/.well-known/jwks.json";
  if (!http::ParseUrl(url)) return std::nullopt;
  return url;
}

RemoteJwks::RemoteJwks(RemoteJwksOptions options, http::Dependency& issuer,
                       const application::Clock& clock)
    : options_(std::move(options)),
      url_(ParsedOrThrow(options_.url)),
      issuer_(issuer),
      clock_(clock),
      keys_(std::make_shared<const JwksKeys>()) {
  if (options_.refresh_interval <= std::chrono::seconds::zero() ||
      options_.min_refetch_interval <= std::chrono::seconds::zero()) {
    throw std::invalid_argument("RemoteJwks: the intervals must be positive");
  }
}

RemoteJwks::~RemoteJwks() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

bool RemoteJwks::Refresh() {
  auto answer = issuer_.Call([this] {
    return http::HttpRequest{.method = "GET",
                             .url = url_,
                             .headers = {{"Accept", "application/jwk-set+json, application/json"}}};
  });
  auto parsed = KeysOf(answer, options_.max_bytes);

  std::size_t count = 0;
  {
    std::lock_guard lock(mutex_);
    ++fetches_;
    last_fetch_ok_ = parsed.has_value();
    if (parsed) {
      count = parsed->by_kid.size();
      keys_.store(std::make_shared<const JwksKeys>(std::move(*parsed)));
    }
  }
  changed_.notify_all();
  if (!parsed) {
    log::Warn("jwks", "cannot fetch the issuer's keys; keeping the keys in use",
              {{"url", options_.url}, {"reason", parsed.error()}});
    return false;
  }
  log::Debug("jwks", "issuer keys fetched", {{"url", options_.url}, {"keys", count}});
  return true;
}

void RemoteJwks::Start() {
  std::lock_guard lock(mutex_);
  if (refresher_.joinable()) throw std::logic_error("RemoteJwks: started twice");
  refresher_ = std::thread([this] { RunRefresher(); });
}

void RemoteJwks::RunRefresher() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // After a failure, try again sooner than the regular interval.
    const auto wait = last_fetch_ok_ ? options_.refresh_interval : options_.min_refetch_interval;
    changed_.wait_for(lock, wait, [this] { return stopping_ || refetch_asked_; });
    if (stopping_) break;
    refetch_asked_ = false;
    lock.unlock();
    Refresh();
    lock.lock();
  }
}

std::shared_ptr<const Es256PublicKey> RemoteJwks::Find(std::string_view kid) const {
  const auto keys = keys_.load();
  const auto found = keys->by_kid.find(kid);
  return found == keys->by_kid.end() ? nullptr : found->second;
}

bool RemoteJwks::OnUnknownKid() {
  const auto now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    if (last_refetch_at_ && now < *last_refetch_at_ + options_.min_refetch_interval) return false;
    last_refetch_at_ = now;
    refetch_asked_ = true;
  }
  changed_.notify_all();
  return true;
}

std::uint64_t RemoteJwks::Fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

bool RemoteJwks::WaitForFetches(std::uint64_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return fetches_ >= count; });
}

std::size_t RemoteJwks::KeyCount() const { return keys_.load()->by_kid.size(); }

}  // namespace rampart::infrastructure
