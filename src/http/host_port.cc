// parse_host_port (declared in server.h): the --listen flag's "HOST:PORT".
#include <boost/system/error_code.hpp>
#include <string_view>

#include "http/server.h"

namespace zkpush::http {
namespace {

bool parse_port(std::string_view text, unsigned short& port) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return false;
  port = static_cast<unsigned short>(value);
  return true;
}

}  // namespace

bool parse_host_port(const std::string& text, boost::asio::ip::tcp::endpoint& out, std::string& error) {
  namespace ip = boost::asio::ip;
  std::string_view view(text);
  std::string host;
  std::string_view port_text;
  bool bracketed = false;

  if (!view.empty() && view.front() == '[') {  // "[v6]:port"
    std::size_t close = view.find(']');
    if (close == std::string_view::npos || close + 1 >= view.size() || view[close + 1] != ':') {
      error = "expected [IPv6]:PORT in \"" + text + "\"";
      return false;
    }
    host.assign(view.substr(1, close - 1));
    port_text = view.substr(close + 2);
    bracketed = true;
  } else {
    std::size_t colon = view.rfind(':');
    if (colon == std::string_view::npos) {
      error = "missing :PORT in \"" + text + "\"";
      return false;
    }
    host.assign(view.substr(0, colon));
    port_text = view.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      error = "an IPv6 address needs brackets, e.g. [::1]:8081, in \"" + text + "\"";
      return false;
    }
  }

  unsigned short port = 0;
  if (!parse_port(port_text, port)) {
    error = "bad port in \"" + text + "\" (expected 0-65535)";
    return false;
  }

  ip::address address;
  if (host.empty() && !bracketed) {
    address = ip::address_v4::any();  // ":8081"
  } else if (host == "localhost") {
    address = ip::address_v4::loopback();
  } else {
    boost::system::error_code ec;
    address =
        bracketed ? ip::address(ip::make_address_v6(host.c_str(), ec)) : ip::make_address(host.c_str(), ec);
    if (ec || (!bracketed && address.is_v6())) {
      error = "bad IP address \"" + host + "\" in \"" + text + "\"";
      return false;
    }
  }
  out = ip::tcp::endpoint(address, port);
  return true;
}

}  // namespace zkpush::http
