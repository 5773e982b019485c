#include "infrastructure/messaging/smtp/asio_smtp_transport.hpp"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace rampart::infrastructure::smtp {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Kind = SmtpFailure::Kind;

struct AsioSmtpConnector::State {
  SmtpConnectorOptions options;
  ssl::context tls{ssl::context::tls_client};
  std::string where;  // "host:port" for messages
};

namespace {

constexpr std::size_t kMaxLine = 64 * 1024;  // RFC 5321 allows 512; be lenient, not unbounded
constexpr auto kSlice = std::chrono::milliseconds(50);

std::unexpected<SmtpFailure> Failure(Kind kind, std::string message) {
  return std::unexpected(SmtpFailure{.kind = kind, .message = std::move(message)});
}

// getaddrinfo on a thread of its own, waited for with the deadline: a resolver that hangs is
// abandoned (the thread ends when the system call returns) instead of holding the caller.
struct Resolution {
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  int error = 0;
  std::vector<tcp::endpoint> endpoints;
};

SmtpResult<std::vector<tcp::endpoint>> Resolve(const std::string& host, std::uint16_t port,
                                               Deadline deadline, const std::atomic<bool>* abort) {
  boost::system::error_code numeric_error;
  const auto literal = asio::ip::make_address(host, numeric_error);
  if (!numeric_error) return std::vector<tcp::endpoint>{tcp::endpoint(literal, port)};
  auto resolution = std::make_shared<Resolution>();
  std::thread([resolution, host, port] {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    std::vector<tcp::endpoint> endpoints;
    for (auto* entry = found; entry != nullptr; entry = entry->ai_next) {
      tcp::endpoint endpoint;
      std::memcpy(endpoint.data(), entry->ai_addr, entry->ai_addrlen);
      endpoints.push_back(endpoint);
    }
    if (found != nullptr) ::freeaddrinfo(found);
    std::lock_guard lock(resolution->mutex);
    resolution->error = error;
    resolution->endpoints = std::move(endpoints);
    resolution->done = true;
    resolution->done_signal.notify_all();
  }).detach();
  std::unique_lock lock(resolution->mutex);
  while (!resolution->done) {
    if (abort != nullptr && abort->load()) return Failure(Kind::kAborted, "stopped");
    if (std::chrono::steady_clock::now() >= deadline) {
      return Failure(Kind::kTimeout, "resolving " + host + " timed out");
    }
    resolution->done_signal.wait_for(lock, kSlice);
  }
  if (resolution->error != 0 || resolution->endpoints.empty()) {
    return Failure(Kind::kNetwork,
                   "cannot resolve " + host + ": " +
                       (resolution->error != 0 ? std::string(::gai_strerror(resolution->error))
                                               : std::string("no address")));
  }
  return std::move(resolution->endpoints);
}

class AsioTransport final : public SmtpTransport {
 public:
  AsioTransport(std::shared_ptr<AsioSmtpConnector::State> state, const std::atomic<bool>* abort)
      : state_(std::move(state)), abort_(abort), stream_(io_, state_->tls) {}

  SmtpResult<> Connect(Deadline deadline) override {
    auto endpoints = Resolve(state_->options.host, state_->options.port, deadline, abort_);
    if (!endpoints) return std::unexpected(endpoints.error());
    boost::system::error_code error;
    bool done = false;
    asio::async_connect(Socket(), *endpoints,
                        [&](const boost::system::error_code& ec, const tcp::endpoint&) {
                          error = ec;
                          done = true;
                        });
    if (auto waited = Wait(done, deadline, "connecting to " + state_->where); !waited) {
      return waited;
    }
    if (error)
      return Failure(Kind::kNetwork, "connect to " + state_->where + ": " + error.message());
    Socket().set_option(tcp::no_delay(true), error);
    if (state_->options.implicit_tls) return Handshake(deadline);
    return {};
  }

  SmtpResult<> StartTls(Deadline deadline) override {
    if (!buffer_.empty()) {
      return Failure(Kind::kProtocol,
                     "the server sent data ahead of the TLS handshake (RFC 3207: possible "
                     "command injection); connection dropped");
    }
    return Handshake(deadline);
  }

  SmtpResult<> Write(std::string_view bytes, Deadline deadline) override {
    boost::system::error_code error;
    bool done = false;
    const auto handler = [&](const boost::system::error_code& ec, std::size_t) {
      error = ec;
      done = true;
    };
    if (tls_) {
      asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()), handler);
    } else {
      asio::async_write(Socket(), asio::buffer(bytes.data(), bytes.size()), handler);
    }
    if (auto waited = Wait(done, deadline, "writing to " + state_->where); !waited) return waited;
    if (error) return Failure(Kind::kNetwork, "write to " + state_->where + ": " + error.message());
    return {};
  }

  SmtpResult<std::string> ReadLine(Deadline deadline) override {
    for (;;) {
      if (const auto end = buffer_.find('\n'); end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        if (line.ends_with('\r')) line.pop_back();
        return line;
      }
      if (buffer_.size() > kMaxLine) {
        return Failure(Kind::kProtocol, "the server sent a line longer than 64 KiB");
      }
      char chunk[4096];
      boost::system::error_code error;
      std::size_t read = 0;
      bool done = false;
      const auto handler = [&](const boost::system::error_code& ec, std::size_t n) {
        error = ec;
        read = n;
        done = true;
      };
      if (tls_) {
        stream_.async_read_some(asio::buffer(chunk), handler);
      } else {
        Socket().async_read_some(asio::buffer(chunk), handler);
      }
      if (auto waited = Wait(done, deadline, "waiting for " + state_->where); !waited) {
        return std::unexpected(waited.error());
      }
      buffer_.append(chunk, read);
      if (error) {
        return Failure(Kind::kNetwork,
                       state_->where + " closed the connection (" + error.message() + ")");
      }
    }
  }

  bool Encrypted() const override { return tls_; }

  std::string LocalAddressLiteral() const override {
    boost::system::error_code error;
    const auto local = stream_.next_layer().local_endpoint(error);
    if (error) return {};
    auto address = local.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    // Built by appending: g++ 12 warns falsely (-Wrestrict) on "[" + std::string.
    std::string literal(1, '[');
    if (address.is_v6()) literal += "IPv6:";
    literal += address.to_string();
    literal += ']';
    return literal;
  }

  void Close() override {
    boost::system::error_code ignored;
    Socket().shutdown(tcp::socket::shutdown_both, ignored);
    Socket().close(ignored);
    buffer_.clear();
  }

 private:
  tcp::socket& Socket() { return stream_.next_layer(); }

  // Runs the event loop until `done`, the deadline or an abort; past the deadline (or on
  // abort) the socket is closed, the cancelled handler runs, and the step fails.
  SmtpResult<> Wait(const bool& done, Deadline deadline, const std::string& step) {
    io_.restart();
    while (!done) {
      const auto now = std::chrono::steady_clock::now();
      const bool aborted = abort_ != nullptr && abort_->load();
      if (aborted || now >= deadline) {
        Close();
        io_.restart();
        io_.run();
        if (aborted) return Failure(Kind::kAborted, "stopped while " + step);
        return Failure(Kind::kTimeout, step + " timed out");
      }
      io_.run_one_for(std::min<std::chrono::steady_clock::duration>(deadline - now, kSlice));
    }
    return {};
  }

  SmtpResult<> Handshake(Deadline deadline) {
    const auto& host = state_->options.host;
    boost::system::error_code numeric_error;
    (void)asio::ip::make_address(host, numeric_error);
    // SNI names a host, never an address (RFC 6066 §3).
    if (numeric_error && !SSL_set_tlsext_host_name(stream_.native_handle(), host.c_str())) {
      return Failure(Kind::kTls, "cannot set the TLS server name");
    }
    // Host names and IP addresses alike are checked against the certificate (RFC 6125).
    stream_.set_verify_callback(ssl::host_name_verification(host));
    boost::system::error_code error;
    bool done = false;
    stream_.async_handshake(ssl::stream_base::client, [&](const boost::system::error_code& ec) {
      error = ec;
      done = true;
    });
    if (auto waited = Wait(done, deadline, "the TLS handshake with " + state_->where); !waited) {
      return waited;
    }
    if (error) {
      std::string reason = error.message();
      const long verify = SSL_get_verify_result(stream_.native_handle());
      if (verify != X509_V_OK)
        reason += " (" + std::string(X509_verify_cert_error_string(verify)) + ")";
      Close();
      return Failure(Kind::kTls, "TLS handshake with " + state_->where + " failed: " + reason);
    }
    tls_ = true;
    return {};
  }

  std::shared_ptr<AsioSmtpConnector::State> state_;
  const std::atomic<bool>* abort_;
  asio::io_context io_{1};
  ssl::stream<tcp::socket> stream_;
  bool tls_ = false;
  std::string buffer_;  // bytes read past the last line
};

}  // namespace

AsioSmtpConnector::AsioSmtpConnector(SmtpConnectorOptions options)
    : state_(std::make_shared<State>()) {
  state_->options = std::move(options);
  const auto& host = state_->options.host;
  state_->where = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                  std::to_string(state_->options.port);
  auto& tls = state_->tls;
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code error;
  if (state_->options.ca_file.empty()) {
    tls.set_default_verify_paths(error);
  } else {
    tls.load_verify_file(state_->options.ca_file.string(), error);
  }
  if (error) {
    throw std::runtime_error("smtp: cannot load the trusted CAs" +
                             (state_->options.ca_file.empty()
                                  ? std::string(" of the system")
                                  : " from " + state_->options.ca_file.string()) +
                             ": " + error.message());
  }
  tls.set_verify_mode(ssl::verify_peer);
}

AsioSmtpConnector::~AsioSmtpConnector() = default;

std::unique_ptr<SmtpTransport> AsioSmtpConnector::NewTransport(
    const std::atomic<bool>* abort) const {
  return std::make_unique<AsioTransport>(state_, abort);
}

}  // namespace rampart::infrastructure::smtp
