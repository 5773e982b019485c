#pragma once
// Test support (tests and fuzz/): a Beast SyncReadStream over fixed bytes that delivers at most
// `chunk` bytes per read, then end of stream: how a network may cut a request, without sockets.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace rampart::api::server_detail {

// ChunkedReadStream reads `bytes` at most `chunk` bytes at a time, then reports end of stream.
class ChunkedReadStream {
 public:
  ChunkedReadStream(std::string_view bytes, std::size_t chunk) : bytes_(bytes), chunk_(chunk) {}

  using executor_type = boost::asio::any_io_executor;

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::beast::error_code& error) {
    if (bytes_.empty()) {
      error = boost::asio::error::eof;
      return 0;
    }
    const std::size_t wanted =
        std::min({boost::asio::buffer_size(buffers), chunk_, bytes_.size()});
    const std::size_t copied =
        boost::asio::buffer_copy(buffers, boost::asio::buffer(bytes_.data(), wanted));
    bytes_.remove_prefix(copied);
    error = {};
    return copied;
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::beast::error_code error;
    const auto n = read_some(buffers, error);
    if (error) throw boost::system::system_error(error);
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t chunk_;
};

}  // namespace rampart::api::server_detail
