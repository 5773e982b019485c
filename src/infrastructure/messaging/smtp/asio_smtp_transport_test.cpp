// The Asio transport against a real loopback socket: a one-connection peer on a thread of the
// test, scripted like ScriptedPeer ("S: ..." sent, "C: ..." read and checked).
#include "infrastructure/messaging/smtp/asio_smtp_transport.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <latch>
#include <thread>

#include "infrastructure/messaging/smtp/smtp_session.hpp"

namespace rampart::infrastructure::smtp {
namespace {

using namespace std::chrono_literals;
using Kind = SmtpFailure::Kind;

class LoopbackPeer {
 public:
  // `script`: "S: text" sends text + CRLF, "S= bytes" sends bytes as they are, "C: prefix"
  // reads one line that must start with prefix, "C: *" reads up to a line "." (a message).
  // After the script the connection stays open until the peer is destroyed.
  explicit LoopbackPeer(std::vector<std::string> script, std::function<void()> on_accept = {}) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    socklen_t length = sizeof(address);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    result_ = std::async(std::launch::async,
                         [this, script = std::move(script), on_accept = std::move(on_accept)] {
                           const int connection = ::accept(listener_, nullptr, nullptr);
                           if (connection < 0) return std::string("no connection");
                           if (on_accept) on_accept();
                           std::string error = Run(connection, script);
                           finished_.wait();
                           ::close(connection);
                           return error;
                         });
  }
  ~LoopbackPeer() {
    Finish();
    ::close(listener_);
  }
  std::uint16_t port() const { return port_; }
  // Ends the peer; what went against its script, empty when nothing did.
  std::string Finish() {
    if (!done_) {
      ::shutdown(listener_, SHUT_RDWR);  // an accept() still waiting returns
      done_ = true;
      finished_.count_down();
      error_ = result_.get();
    }
    return error_;
  }
  std::string received;  // every byte the client sent

 private:
  std::string Run(int connection, const std::vector<std::string>& script) {
    std::string pending;
    const auto read_line = [&]() -> std::optional<std::string> {
      for (;;) {
        if (const auto end = pending.find("\r\n"); end != std::string::npos) {
          std::string line = pending.substr(0, end);
          pending.erase(0, end + 2);
          return line;
        }
        char chunk[4096];
        const auto n = ::recv(connection, chunk, sizeof(chunk), 0);
        if (n <= 0) return std::nullopt;
        pending.append(chunk, static_cast<std::size_t>(n));
        received.append(chunk, static_cast<std::size_t>(n));
      }
    };
    for (const auto& step : script) {
      if (step.starts_with("S")) {
        const std::string bytes = step.substr(3) + (step[1] == ':' ? "\r\n" : "");
        ::send(connection, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      } else if (step == "C: *") {
        for (;;) {
          auto line = read_line();
          if (!line) return "the client closed during the message";
          if (*line == ".") break;
        }
      } else {
        auto line = read_line();
        if (!line) return "the client closed before " + step;
        if (!line->starts_with(step.substr(3))) return "read " + *line + " for " + step;
      }
    }
    return {};
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::latch finished_{1};
  bool done_ = false;
  std::string error_;
  std::future<std::string> result_;
};

Deadline In(std::chrono::milliseconds timeout) {
  return std::chrono::steady_clock::now() + timeout;
}

TEST(AsioSmtpTransport, AWholeConversationOverTcp) {
  LoopbackPeer peer({"S: 220 loopback ESMTP", "C: EHLO [127.0.0.1]",
                     "S= 250-loopback\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                     "C: MAIL FROM:<a@example.com> BODY=8BITMIME", "S: 250 ok",
                     "C: RCPT TO:<b@example.com>", "S: 250 ok", "C: DATA", "S: 354 go", "C: *",
                     "S: 250 queued", "C: QUIT", "S: 221 bye"});
  AsioSmtpConnector connector({.host = "127.0.0.1", .port = peer.port()});
  auto transport = connector.NewTransport(nullptr);
  SmtpSession session(*transport, {});
  ASSERT_TRUE(session.Open(In(5s)));
  EXPECT_FALSE(transport->Encrypted());
  EXPECT_TRUE(session.ServerExtensions().smtputf8);
  const auto sent = session.Send({.sender = "a@example.com", .recipient = "b@example.com"},
                                 "Subject: x\r\n\r\n.hidden\r\n", In(5s));
  ASSERT_TRUE(sent) << sent.error().message;
  session.Close(In(5s));
  EXPECT_EQ(peer.Finish(), "");
  EXPECT_NE(peer.received.find("\r\n\r\n..hidden\r\n.\r\n"), std::string::npos) << peer.received;
}

TEST(AsioSmtpTransport, ASilentServerTimesOut) {
  LoopbackPeer peer({});
  AsioSmtpConnector connector({.host = "127.0.0.1", .port = peer.port()});
  auto transport = connector.NewTransport(nullptr);
  ASSERT_TRUE(transport->Connect(In(5s)));
  const auto line = transport->ReadLine(In(100ms));
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().kind, Kind::kTimeout);
}

TEST(AsioSmtpTransport, AStopRequestEndsAWaitWithoutDeadline) {
  std::atomic<bool> stop{false};
  // The peer accepts, then asks the client to stop while it waits for a greeting forever.
  LoopbackPeer peer({}, [&] { stop.store(true); });
  AsioSmtpConnector connector({.host = "127.0.0.1", .port = peer.port()});
  auto transport = connector.NewTransport(&stop);
  const auto connected = transport->Connect(Deadline::max());
  if (!connected) {  // the stop came before the connect completed: also a stop
    EXPECT_EQ(connected.error().kind, Kind::kAborted);
    return;
  }
  const auto line = transport->ReadLine(Deadline::max());
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().kind, Kind::kAborted);
}

TEST(AsioSmtpTransport, DataSentAheadOfTheTlsHandshakeIsRefused) {
  // A man in the middle appends a reply (or a command) to the 220: RFC 3207 §6.
  LoopbackPeer peer({"S: 220 hi", "C: EHLO", "S= 250-hi\r\n250 STARTTLS\r\n", "C: STARTTLS",
                     "S= 220 go ahead\r\n250-injected\r\n"});
  AsioSmtpConnector connector({.host = "127.0.0.1", .port = peer.port()});
  auto transport = connector.NewTransport(nullptr);
  SmtpSession session(*transport, {.starttls = StartTls::kRequired});
  const auto opened = session.Open(In(5s));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kProtocol);
  EXPECT_NE(opened.error().message.find("RFC 3207"), std::string::npos) << opened.error().message;
}

TEST(AsioSmtpTransport, ImplicitTlsToAServerThatSpeaksClearTextFails) {
  LoopbackPeer peer({"S: 220 not tls"});
  AsioSmtpConnector connector({.host = "127.0.0.1", .port = peer.port(), .implicit_tls = true});
  auto transport = connector.NewTransport(nullptr);
  const auto connected = transport->Connect(In(5s));
  ASSERT_FALSE(connected);
  EXPECT_EQ(connected.error().kind, Kind::kTls);
  EXPECT_FALSE(transport->Encrypted());
}

TEST(AsioSmtpTransport, ARefusedConnection) {
  std::uint16_t port = 0;
  {
    LoopbackPeer closed({});
    port = closed.port();
    EXPECT_EQ(closed.Finish(), "no connection");
  }  // listener closed: nothing listens there any more
  AsioSmtpConnector connector({.host = "127.0.0.1", .port = port});
  const auto connected = connector.NewTransport(nullptr)->Connect(In(5s));
  ASSERT_FALSE(connected);
  EXPECT_EQ(connected.error().kind, Kind::kNetwork);
  EXPECT_NE(connected.error().message.find("127.0.0.1:"), std::string::npos);
}

TEST(AsioSmtpTransport, AMissingCaFileStopsTheStart) {
  EXPECT_THROW(AsioSmtpConnector({.host = "localhost", .ca_file = "/nonexistent/ca.pem"}),
               std::runtime_error);
}

}  // namespace
}  // namespace rampart::infrastructure::smtp
