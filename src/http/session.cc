// One connection: read a request -> hand it to the Handler -> write the
// response -> (keep-alive) read the next one. After Boost.Beast's
// example/advanced/server, with one difference in how requests are read:
//
//   raw bytes --(find_head_end)--> raw head --(normalize_request_head)-->
//   strict head --(parser.put)--> Beast request_parser --(http::async_read,
//   same buffer)--> body (Content-Length or chunked, body_limit enforced)
//
// The raw head is collected in `buffer_` until its blank line; the normaliser
// rewrites it into `head_`, which is fed to the parser with put(). The bytes
// after the head stay in `buffer_`, where http::async_read finds the start of
// the body; whatever follows the message (pipelined requests) stays there for
// the next turn, still raw, and goes through the normaliser in its turn.
//
// Timeouts (beast::basic_stream::expires_after): read_timeout covers a
// request's head and body from its first byte, and also a response's write (a
// client that stops reading must not hold a connection forever); idle_timeout
// covers the wait for the next request on a kept-alive connection. While the
// Handler works no timeout applies.
//
// Limits (limits.h) applied here: the head's size and number of lines (431),
// the body limit chosen by the Handler from the request line (413), a
// Transfer-Encoding other than chunked (400; Beast itself refuses
// Content-Length together with Transfer-Encoding, and conflicting
// Content-Lengths), and the connections from one address (503).
//
// One Session template serves both listeners: Session<PlainStream> for plain
// HTTP and Session<TlsStream> for HTTPS, which differs only in the TLS
// handshake before the first request and the TLS shutdown at the end.
//
// Every completion handler runs on the connection's loop (one thread, see
// io_pool.h). The Responder may be called from any thread and dispatches back
// to that loop. A Responder
// that is dropped without being called answers 500, so a connection can never
// hang on a handler bug.
#include "http/session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <type_traits>

#include "http/http_date.h"
#include "http/normalizer.h"
#include "http/response_head.h"
#include "http/tls_context.h"
#include "protocol/text.h"

namespace zkpush::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using protocol::printable;
using LoopExecutor = asio::io_context::executor_type;
// The connection's stream, with its loop's concrete executor (io_pool.h).
using PlainStream = beast::basic_stream<tcp, LoopExecutor, beast::unlimited_rate_policy>;
using TlsStream = beast::ssl_stream<PlainStream>;

// After an error response, how long to keep reading (and discarding) what the
// client still sends before closing: closing a socket with unread input makes
// the kernel send RST, which can destroy the response before the client has
// read it (nginx's "lingering close").
constexpr std::chrono::seconds kLingerTime{2};
// Smallest read while collecting a request head: one read takes a whole
// typical terminal request.
constexpr std::size_t kHeadReadSize = 4096;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kCrlf = "\r\n";

// Most a declared Content-Length reserves before the bytes arrive.
constexpr std::uint64_t kBodyReserve = 64 * 1024;

// Beast's string_body, except in what it reserves: string_body reserves the
// whole declared Content-Length up front, so a client announcing 60 MB (under
// max_body_bytes) and sending nothing would cost 60 MB per connection. Here
// bodies above kBodyReserve grow (geometrically) as their bytes arrive.
struct RequestBody {
  using value_type = std::string;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(bhttp::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, beast::error_code& ec) {
      if (length) body_.reserve(static_cast<std::size_t>(std::min(*length, kBodyReserve)));
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      std::size_t n = 0;
      for (auto buffer : beast::buffers_range_ref(buffers)) {
        body_.append(static_cast<const char*>(buffer.data()), buffer.size());
        n += buffer.size();
      }
      ec = {};
      return n;
    }

    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

std::string_view first_line(std::string_view raw) {
  raw = raw.substr(0, raw.find('\n'));
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  return raw;
}

// The target in a normalised head: "GET /x?SN=1 HTTP/1.1\r\n..." -> "/x?SN=1".
std::string_view target_of(std::string_view head) {
  std::string_view line = first_line(head);
  std::size_t first = line.find(' ');
  std::size_t last = line.rfind(' ');
  return first < last ? line.substr(first + 1, last - first - 1) : std::string_view();
}

std::string_view or_dash(std::string_view s) { return s.empty() ? std::string_view("-") : s; }

std::string_view view_of(const beast::flat_buffer& buffer) {
  auto data = buffer.data();
  return {static_cast<const char*>(data.data()), data.size()};
}

// The method in a normalised head: "GET /x?SN=1 HTTP/1.1\r\n..." -> "GET".
std::string_view method_of(std::string_view head) { return head.substr(0, head.find(' ')); }

template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // `tls` is the context for a TlsStream, null for a PlainStream.
  Session(LoopSocket&& socket, std::shared_ptr<ServerState> state, std::string remote_ip,
          std::shared_ptr<asio::ssl::context> tls)
      : tls_(std::move(tls)),
        stream_(make_stream(std::move(socket), tls_.get())),
        executor_(stream_.get_executor()),
        state_(std::move(state)),
        remote_ip_(std::move(remote_ip)) {}

  ~Session() override {
    if (counted_) state_->in_flight.fetch_sub(1);
    if (registered_) state_->remove(this);
  }

  void run() {
    const bool admitted = state_->add(this, remote_ip_);
    registered_ = true;
    asio::dispatch(executor_, [self = this->shared_from_this(), admitted] {
      self->guarded([&] {
        if (!admitted) return self->refuse_over_per_ip_limit();
        if constexpr (kTls) {
          self->handshake();
        } else {
          self->start_request(true);
        }
      });
    });
  }

  std::shared_ptr<Connection> lock() override { return this->weak_from_this().lock(); }

  void on_server_stop() override {
    asio::post(executor_, [self = this->shared_from_this()] {
      // Waiting for a request: close (the read ends the session), unless the
      // request's first bytes are already in the socket.
      beast::error_code ec;
      if (self->phase_ == Phase::kIdle && self->lowest().socket().available(ec) == 0) self->lowest().cancel();
      if (self->response_.stream) self->response_.stream->cancel();  // an event stream ends now
    });
  }

  void abort() override {
    asio::post(executor_, [self = this->shared_from_this()] { self->close(); });
  }

 private:
  static Stream make_stream(LoopSocket&& socket, asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  // The TCP stream under TLS, or the stream itself: timeouts and the socket.
  PlainStream& lowest() { return beast::get_lowest_layer(stream_); }

  enum class Phase {
    kIdle,      // waiting for the first byte of a request
    kReading,   // head or body under way
    kHandling,  // the Handler has the request
    kWriting,   // response (or 100 Continue) being written
    kClosing,
  };

  // The response slot of one dispatched request, shared by every copy of its
  // Responder. Holds the session alive and the io_context's work count up
  // (so that run() does not return while a handler works elsewhere).
  class Exchange {
   public:
    explicit Exchange(std::shared_ptr<Session> session)
        : session_(std::move(session)), work_(session_->executor_) {}

    ~Exchange() {
      if (!done_.load()) {
        try {
          spdlog::error("[{}] handler dropped the responder for {} from {}; answering 500",
                        session_->state_->name, printable(session_->target_), session_->remote_ip_);
          respond(Response::text("Internal Server Error\n", 500));
        } catch (...) {
          // Nothing left to do: the session ends without a response.
        }
      }
    }

    void respond(Response response) {
      if (done_.exchange(true)) {
        spdlog::error("http: a Responder was called twice; the second response is ignored");
        return;
      }
      // Released here, not when the last Responder copy goes: a handler may
      // keep a copy long after answering, and the session must be free to end
      // (closing its socket) once its response is written.
      auto session = std::move(session_);
      auto executor = session->executor_;
      asio::dispatch(executor, [session = std::move(session), response = std::move(response),
                                work = std::move(work_)]() mutable {
        session->guarded([&] { session->on_response(std::move(response)); });
      });
    }

   private:
    std::shared_ptr<Session> session_;
    asio::executor_work_guard<LoopExecutor> work_;
    std::atomic<bool> done_{false};
  };

  // The session boundary: nothing thrown in a step escapes into the
  // io_context. A request not yet answered gets a 500; otherwise close.
  template <typename F>
  void guarded(F&& step) noexcept {
    try {
      step();
    } catch (const std::exception& e) {
      on_exception(e.what());
    } catch (...) {
      on_exception("unknown exception");
    }
  }

  void on_exception(const char* what) noexcept {
    try {
      spdlog::error("[{}] internal error on the connection from {}: {}", state_->name, remote_ip_, what);
      bool unanswered =
          phase_ == Phase::kIdle || phase_ == Phase::kReading || (phase_ == Phase::kHandling && !counted_);
      if (unanswered) {
        reject(500, "internal error", {});
        return;
      }
    } catch (...) {
    }
    close();
  }

  // ---- reading -------------------------------------------------------------

  // TLS: the handshake, under read_timeout, before the first request.
  void handshake() {
    lowest().expires_after(state_->limits.read_timeout);
    stream_.async_handshake(asio::ssl::stream_base::server,
                            [self = this->shared_from_this()](beast::error_code ec) {
                              self->guarded([&] {
                                if (!ec) return self->start_request(true);
                                spdlog::info("[{}] TLS handshake with {} failed: {}", self->state_->name,
                                             self->remote_ip_, ec.message());
                                self->close();
                              });
                            });
  }

  void start_request(bool first) {
    if (state_->stopping.load() && buffer_.size() == 0) return close();
    phase_ = Phase::kIdle;
    scanned_ = 0;
    const Limits& limits = state_->limits;
    lowest().expires_after(first || buffer_.size() != 0 ? limits.read_timeout : limits.idle_timeout);
    scan_head();
  }

  void scan_head() {
    std::string_view data = view_of(buffer_);
    if (std::size_t blank = skip_empty_lines(data); blank != 0) {
      buffer_.consume(blank);
      data = view_of(buffer_);
      scanned_ = 0;
    }
    if (phase_ == Phase::kIdle && !data.empty()) {
      phase_ = Phase::kReading;
      lowest().expires_after(state_->limits.read_timeout);
    }
    if (!starts_like_a_request(data)) return reject(400, "not HTTP", first_line(data));
    const std::size_t limit = state_->limits.max_header_bytes;
    std::size_t end = find_head_end(data, scanned_);
    if (end == 0 && data.size() < limit) {
      scanned_ = data.size();
      std::size_t room = buffer_.capacity() - buffer_.size();
      stream_.async_read_some(buffer_.prepare(room < kHeadReadSize ? kHeadReadSize : room),
                              [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                self->guarded([&] { self->on_head_read(ec, n); });
                              });
      return;
    }
    if (end == 0 || end > limit) {
      return reject(431, "request head larger than the limit", first_line(data));
    }
    process_head(end);
  }

  void on_head_read(beast::error_code ec, std::size_t n) {
    if (ec) return on_read_error(ec);
    buffer_.commit(n);
    scan_head();
  }

  void process_head(std::size_t end) {
    const Limits& limits = state_->limits;
    std::string_view raw = view_of(buffer_).substr(0, end);
    if (HeadError error = normalize_request_head(raw, head_, limits.max_header_count); error != HeadError::kNone) {
      return reject(error == HeadError::kTooManyHeaders ? 431 : 400, describe(error), first_line(raw));
    }
    buffer_.consume(end);
    target_.assign(target_of(head_));

    parser_.emplace();
    std::size_t header_limit = std::max(limits.max_header_bytes, head_.size() + 1);
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(header_limit, UINT32_MAX)));
    const bool large = state_->handler.body_class(method_of(head_), target_) == BodyClass::kLarge;
    parser_->body_limit(large ? limits.max_body_bytes : limits.max_small_body_bytes);
    beast::error_code ec;
    std::size_t used = parser_->put(asio::buffer(head_), ec);
    if (!ec && used != head_.size()) ec = bhttp::error::partial_message;
    if (ec) return on_parse_error(ec);
    // RFC 9112 §6.1: a request body's length is known only from chunked
    // framing or Content-Length, and no terminal compresses a body. Beast
    // would read "gzip" as "no body" (the bytes that follow as the next
    // request) and "gzip, chunked" as a chunked body still compressed.
    if (parser_->get().count(bhttp::field::transfer_encoding) != 0 &&
        !beast::iequals(parser_->get()[bhttp::field::transfer_encoding], "chunked")) {
      return reject(400, "Transfer-Encoding other than chunked", target_);
    }
    if (parser_->is_done()) return dispatch();

    // Expect: 100-continue (OPERLOG/ATTPHOTO uploads, field-lessons §5.2).
    // Answered for HTTP/1.0 too: the firmware speaks 1.0 (B7) and PushDemo
    // answers it. Not needed when the body has started arriving anyway.
    if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue") && buffer_.size() == 0) {
      phase_ = Phase::kWriting;
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                          self->guarded([&] {
                            if (ec) return self->on_write_error(ec);
                            self->phase_ = Phase::kReading;
                            self->read_body();
                          });
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        self->guarded([&] {
                          if (ec) return self->on_body_error(ec);
                          self->dispatch();
                        });
                      });
  }

  void on_body_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return on_parse_error(ec);
    if (ec == beast::error::timeout || ec == asio::error::operation_aborted || ec == asio::error::eof ||
        ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec.category() == asio::error::get_system_category()) {
      return on_read_error(ec);
    }
    on_parse_error(ec);  // bad chunk framing and the like
  }

  void on_parse_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return reject(413, "body larger than the limit", target_);
    if (ec == bhttp::error::header_limit) return reject(431, "request head larger than the limit", target_);
    reject(400, ec.message(), target_);
  }

  void on_read_error(beast::error_code ec) {
    if (ec == beast::error::timeout) {
      if (phase_ == Phase::kIdle) {
        spdlog::debug("[{}] {} idle timeout", state_->name, remote_ip_);
      } else {
        std::string_view seen = target_.empty() ? first_line(view_of(buffer_)) : std::string_view(target_);
        spdlog::warn("[{}] timeout reading a request from {} SN={}: {}", state_->name, remote_ip_,
                     printable(or_dash(find_serial_number(seen))), printable(seen, 200));
      }
    } else if (ec != asio::error::operation_aborted && phase_ != Phase::kIdle) {
      spdlog::debug("[{}] {} closed the connection mid-request: {}", state_->name, remote_ip_, ec.message());
    }
    close();
  }

  // ---- handling ------------------------------------------------------------

  void dispatch() {
    phase_ = Phase::kHandling;
    lowest().expires_never();
    auto& message = parser_->get();
    keep_alive_ = parser_->keep_alive();
    version_ = message.version() == 10 ? 10 : 11;

    // request_'s strings keep their buffers from one request to the next.
    Request& request = request_;
    request.method.assign(message.method_string());
    request.target.assign(message.target());
    split_target(request.target, request.path, request.query);
    std::size_t fields = 0;
    for (const auto& field : message) {
      if (fields == request.headers.size()) request.headers.emplace_back();
      request.headers[fields].first.assign(field.name_string());
      request.headers[fields].second.assign(field.value());
      ++fields;
    }
    request.headers.resize(fields);
    request.body = std::move(message.body());
    request.remote_ip = remote_ip_;
    request.version = version_;
    is_head_ = request.method == "HEAD";
    parser_.reset();

    state_->in_flight.fetch_add(1);
    counted_ = true;
    auto exchange = std::make_shared<Exchange>(this->shared_from_this());
    // Nothing may touch the session after handle(): the Responder may already
    // have run on this loop and started the write.
    try {
      state_->handler.handle(request, [exchange](Response response) { exchange->respond(std::move(response)); });
    } catch (const std::exception& e) {
      spdlog::error("[{}] handler threw on {} from {}: {}", state_->name, printable(target_), remote_ip_,
                    e.what());
      exchange->respond(Response::text("Internal Server Error\n", 500));
    } catch (...) {
      spdlog::error("[{}] handler threw on {} from {}", state_->name, printable(target_), remote_ip_);
      exchange->respond(Response::text("Internal Server Error\n", 500));
    }
  }

  void on_response(Response response) {
    if (phase_ != Phase::kHandling) {  // the connection was aborted meanwhile
      if (response.stream) response.stream->cancel();
      return close();
    }
    response_ = std::move(response);
    bool close = response_.close || !keep_alive_ || state_->stopping.load();
    if (response_.stream) return write_stream_head(close);
    write_response(close, false);
  }

  // ---- streamed bodies (BodyStream: the API's CSV and Server-Sent Events) ----
  // Chunked for HTTP/1.1; for 1.0 the body runs until the close. No timeout
  // while the stream has nothing to send (an event stream idles between
  // events); each piece's write has the read timeout.

  void write_stream_head(bool close) {
    phase_ = Phase::kWriting;
    chunked_ = version_ == 11 && !is_head_;
    close_after_write_ = close || version_ == 10;
    linger_ = false;
    out_.clear();
    append_streamed_response_head(response_, chunked_,
                                  close_after_write_ ? ConnectionHeader::kClose : ConnectionHeader::kNone,
                                  http_date_now(), out_);
    lowest().expires_after(state_->limits.read_timeout);
    asio::async_write(stream_, asio::buffer(out_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->guarded([&] {
        if (ec) return self->end_stream(ec);
        if (self->is_head_) return self->end_stream({});
        self->request_piece();
      });
    });
  }

  void request_piece() {
    lowest().expires_never();
    response_.stream->next([self = this->shared_from_this()](std::string piece) {
      asio::dispatch(self->executor_, [self, piece = std::move(piece)]() mutable {
        self->guarded([&] { self->write_piece(std::move(piece)); });
      });
    });
  }

  void write_piece(std::string piece) {
    if (phase_ != Phase::kWriting || !response_.stream) return;  // closed meanwhile
    const bool last = piece.empty();
    if (last && !chunked_) return end_stream({});
    piece_ = std::move(piece);
    out_.clear();
    if (chunked_) {
      char size[20];
      out_.append(size, static_cast<std::size_t>(std::to_chars(size, size + sizeof size, piece_.size(), 16).ptr - size));
      out_ += "\r\n";
    }
    std::array<asio::const_buffer, 3> buffers = {
        asio::buffer(out_), asio::buffer(piece_),
        chunked_ ? asio::buffer(kCrlf.data(), kCrlf.size()) : asio::const_buffer()};
    lowest().expires_after(state_->limits.read_timeout);
    asio::async_write(stream_, buffers, [self = this->shared_from_this(), last](beast::error_code ec, std::size_t) {
      self->guarded([&] {
        if (ec || last) return self->end_stream(ec);
        self->request_piece();
      });
    });
  }

  void end_stream(beast::error_code ec) {
    if (response_.stream) response_.stream->cancel();
    piece_.clear();
    on_written(ec);
  }

  // ---- writing -------------------------------------------------------------

  void write_response(bool close, bool linger) {
    phase_ = Phase::kWriting;
    close_after_write_ = close;
    linger_ = linger;
    ConnectionHeader connection = ConnectionHeader::kNone;
    if (close) {
      connection = ConnectionHeader::kClose;
    } else if (version_ == 10) {
      connection = ConnectionHeader::kKeepAlive;  // a 1.0 client asked for it
    }
    out_.clear();
    append_response_head(response_, response_.body.size(), connection, http_date_now(), out_);
    std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(out_), is_head_ ? asio::const_buffer() : asio::buffer(response_.body)};
    lowest().expires_after(state_->limits.read_timeout);
    asio::async_write(stream_, buffers, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->guarded([&] { self->on_written(ec); });
    });
  }

  void on_written(beast::error_code ec) {
    if (counted_) {
      state_->in_flight.fetch_sub(1);
      counted_ = false;
    }
    response_ = Response();
    target_.clear();
    // A photo or firmware body is not kept while the connection idles.
    if (request_.body.capacity() > kBodyReserve) std::string().swap(request_.body);
    if (ec) return on_write_error(ec);
    if (close_after_write_) return shut_down();
    start_request(false);
  }

  void on_write_error(beast::error_code ec) {
    if (ec != asio::error::operation_aborted) {
      spdlog::debug("[{}] writing to {} failed: {}", state_->name, remote_ip_, ec.message());
    }
    close();
  }

  // An error response, then close. `seen` is the target or raw request line,
  // for the log line and its SN.
  void reject(int status, std::string_view why, std::string_view seen) {
    std::string sn = printable(or_dash(find_serial_number(seen)));
    if (status >= 500) {
      spdlog::error("[{}] {} to {} SN={}: {}; request: {}", state_->name, status, remote_ip_, sn, why,
                    printable(seen, 200));
    } else {
      spdlog::warn("[{}] {} to {} SN={}: {}; request: {}", state_->name, status, remote_ip_, sn, why,
                   printable(seen, 200));
    }
    send_error(Response::text(std::string(reason_phrase(status)) + "\n", status));
  }

  void send_error(Response response) {
    parser_.reset();
    response_ = std::move(response);
    keep_alive_ = false;
    version_ = 11;
    is_head_ = false;
    write_response(true, true);
  }

  // Limits::max_connections_per_ip: a 503 telling the terminal to come back
  // later (plain HTTP), logged once per burst. Over TLS the connection is
  // closed before the handshake instead: a refusal must not cost a
  // handshake's CPU.
  void refuse_over_per_ip_limit() {
    if (std::size_t refused = state_->over_per_ip_log.admit()) {
      spdlog::warn("[{}] connection from {} refused: {} connections from one address (--max-connections-per-ip); "
                   "{} refused since the last such line",
                   state_->name, remote_ip_, state_->limits.max_connections_per_ip, refused);
    }
    if constexpr (kTls) {
      close();
    } else {
      Response response = Response::text("ERROR: too many connections from this address\n", 503);
      response.headers.emplace_back("Retry-After", "10");
      send_error(std::move(response));
    }
  }

  // ---- closing -------------------------------------------------------------

  void shut_down() {
    phase_ = Phase::kClosing;
    if constexpr (kTls) {
      // close_notify, and the peer's, within kLingerTime; then close.
      lowest().expires_after(kLingerTime);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close(); });
      return;
    }
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!linger_ && buffer_.size() == 0) return;  // the socket closes with the session
    buffer_.clear();
    lowest().expires_after(kLingerTime);
    linger();
  }

  void linger() {
    stream_.async_read_some(buffer_.prepare(kHeadReadSize),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->guarded([&] {
                                if (ec) return self->close();
                                self->linger();  // discard and read on, until EOF or kLingerTime
                              });
                            });
  }

  void close() {
    if (response_.stream) response_.stream->cancel();
    phase_ = Phase::kClosing;
    beast::error_code ignored;
    lowest().socket().close(ignored);
  }

  const std::shared_ptr<asio::ssl::context> tls_;  // outlives stream_, which refers to it
  Stream stream_;
  const LoopExecutor executor_;  // the connection's loop; readable from any thread
  std::shared_ptr<ServerState> state_;
  const std::string remote_ip_;

  beast::flat_buffer buffer_;  // raw bytes read, not yet consumed
  std::string head_;           // the normalised head of the current request
  std::string out_;            // the response head (or a chunk's size line) being written
  std::string piece_;          // the streamed body's piece being written
  std::string target_;         // the current request's target, for log lines
  std::optional<bhttp::request_parser<RequestBody>> parser_;
  Request request_;  // the request being handled, then the next one (buffers reused)
  Response response_;

  Phase phase_ = Phase::kIdle;
  std::size_t scanned_ = 0;  // bytes of buffer_ find_head_end has seen
  bool keep_alive_ = false;
  int version_ = 11;
  bool is_head_ = false;
  bool close_after_write_ = false;
  bool chunked_ = false;  // the streamed body goes out chunked
  bool linger_ = false;
  bool counted_ = false;  // this request is counted in state_->in_flight
  bool registered_ = false;
};

}  // namespace

void start_session(LoopSocket socket, std::shared_ptr<ServerState> state) {
  try {
    beast::error_code ec;
    tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;  // already gone
    asio::ip::address address = remote.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    // One write per response, so Nagle would only ever delay a keep-alive
    // connection's next response behind a delayed ACK.
    socket.set_option(tcp::no_delay(true), ec);
    if (state->tls) {
      auto context = state->tls->current();
      std::make_shared<Session<TlsStream>>(std::move(socket), std::move(state), address.to_string(),
                                           std::move(context))
          ->run();
    } else {
      std::make_shared<Session<PlainStream>>(std::move(socket), std::move(state), address.to_string(), nullptr)
          ->run();
    }
  } catch (const std::exception& e) {
    spdlog::error("[{}] cannot start a session: {}", state ? state->name : std::string(), e.what());
  }
}

}  // namespace zkpush::http
