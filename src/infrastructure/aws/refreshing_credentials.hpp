#pragma once
// Temporary credentials kept fresh: fetched once at the first use, then fetched again by a
// background thread before they expire (at the earlier of `refresh_before` ahead of the
// expiry and half their lifetime), so requests keep signing with the current ones while the
// next are fetched and never wait for it. A failed refresh keeps the current credentials
// while they are valid and tries again after `retry_after`.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "infrastructure/aws/credential_sources.hpp"

namespace rampart::infrastructure::aws {

struct RefreshOptions {
  std::chrono::seconds refresh_before{300};
  std::chrono::milliseconds retry_after{5000};
  // Credentials this close to their expiry are not handed out any more (a request signed
  // with them could arrive after it).
  std::chrono::seconds expiry_margin{10};
  // Test seam: called after every background refresh with its outcome.
  std::function<void(bool ok)> on_refresh;
};

class RefreshingCredentials final : public CredentialsProvider {
 public:
  RefreshingCredentials(Fetcher fetch, RefreshOptions options = {});
  ~RefreshingCredentials() override;

  // Current returns the current credentials; blocks (on a fetch) only when none are valid.
  std::expected<AwsCredentials, std::string> Current() override;
  void Invalidate() override;

 private:
  void Run();
  std::chrono::system_clock::time_point RefreshAt(const AwsCredentials& credentials) const;
  std::expected<AwsCredentials, std::string> FetchAndStore();
  bool Valid(const AwsCredentials& credentials, std::chrono::system_clock::time_point now) const;

  Fetcher fetch_;
  RefreshOptions options_;
  std::mutex fetch_mutex_;  // one fetch at a time; taken before mutex_
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<AwsCredentials> current_;
  std::chrono::system_clock::time_point refresh_at_ = std::chrono::system_clock::time_point::max();
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rampart::infrastructure::aws
