#include "http/device_router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "http/range.h"
#include "protocol/canteen/route.h"
#include "protocol/query.h"
#include "protocol/route.h"
#include "protocol/text.h"
#include "util/clock.h"
#include "util/metrics.h"

namespace zkpush::http {
namespace {

int status_of(service::DeviceReply::Kind kind) {
  switch (kind) {
    case service::DeviceReply::Kind::kOk: return 200;
    case service::DeviceReply::Kind::kBadRequest: return 400;
    case service::DeviceReply::Kind::kUnauthorized: return 401;
    case service::DeviceReply::Kind::kForbidden: return 403;
    case service::DeviceReply::Kind::kNotFound: return 404;
    case service::DeviceReply::Kind::kUnavailable: return 503;
    case service::DeviceReply::Kind::kNotImplemented: return 501;
    case service::DeviceReply::Kind::kTooLarge: return 413;
  }
  return 500;
}

// `text` into a fixed, NUL-terminated field, cut to fit.
template <std::size_t N>
void copy_truncated(std::string_view text, char (&field)[N]) {
  const std::size_t n = std::min(text.size(), N - 1);
  std::memcpy(field, text.data(), n);
  field[n] = '\0';
}

// Reads [first, first + length) of a file on the disk.
bool read_file_part(const std::string& path, uint64_t first, uint64_t length, std::string& out) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file || fseeko(file.get(), static_cast<off_t>(first), SEEK_SET) != 0) return false;
  out.resize(length);
  return std::fread(out.data(), 1, length, file.get()) == length;
}

// A download's size, whether its bytes are in memory (from the store) or on the disk.
std::optional<uint64_t> size_of(const service::DownloadFile& file) {
  if (file.bytes) return file.bytes->size();
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(file.local, ec);
  if (ec) return std::nullopt;
  return size;
}

// [first, first + length) of a download; the range is within its size.
bool read_part(service::DownloadFile& file, uint64_t first, uint64_t length, std::string& out) {
  if (!file.bytes) return read_file_part(file.local.string(), first, length, out);
  // Cut to the range in place: a firmware file is not copied once more.
  std::string& bytes = *file.bytes;
  bytes.resize(first + length);
  bytes.erase(0, first);
  out = std::move(bytes);
  return true;
}

}  // namespace

void DeviceRouter::handle(const Request& request, Responder respond) {
  const auto query = protocol::Query::parse(request.query);
  const std::string_view body_prefix = std::string_view(request.body).substr(0, 256);
  const auto route = protocol::route_request(request.method, request.path, query, body_prefix);

  if (protocol::istarts_with(request.path, "/iclock/file/")) {  // PutFile's relative URL (004 §12.5.2)
    serve_file(request, request.path, respond);
    return;
  }
  if (route.endpoint == protocol::Endpoint::kFile) {
    serve_file(request, query.value_or("url", ""), respond);
    return;
  }
  if (route.endpoint == protocol::Endpoint::kPutFileFetch) {
    serve_file(request, route.file_name, respond);
    return;
  }
  if (route.endpoint == protocol::Endpoint::kUnknown) {
    spdlog::warn("404 to {} SN={}: unknown request {} {}", request.remote_ip,
                 route.sn.empty() ? "-" : protocol::printable(route.sn), request.method,
                 protocol::printable(request.path, 200));
    respond(Response::text("ERROR: unknown request\n", 404));
    return;
  }

  service::Peer peer{request.remote_ip, std::string(request.header("User-Agent")),
                     std::string(request.header("Cookie"))};
  // Answered: counted for /metrics and written to the device's request log.
  auto answer = [this, respond = std::move(respond), endpoint = route.endpoint, sn = route.sn, table = route.table,
                 request_bytes = request.body.size(),
                 started = std::chrono::steady_clock::now()](service::DeviceReply reply) {
    const int status = status_of(reply.kind);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    metrics().device_request(static_cast<std::size_t>(endpoint), protocol::endpoint_label(endpoint), status,
                             std::chrono::duration<double>(elapsed).count());
    if (auto device = service_.registry().cached(sn)) {
      service::Device::RequestLogEntry entry;
      entry.at_ms = now_ms();
      entry.endpoint = endpoint;
      copy_truncated(table, entry.table);
      entry.status = static_cast<uint16_t>(status);
      entry.request_bytes = static_cast<uint32_t>(request_bytes);
      entry.response_bytes = static_cast<uint32_t>(reply.body.size());
      entry.duration_us =
          static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
      device->log_request(entry);
    }
    respond(Response::text(std::move(reply.body), status));
  };
  if (route.endpoint == protocol::Endpoint::kCanteen) {
    const auto segment = protocol::endpoint_name(request.path).value_or("");
    canteen_.handle(protocol::canteen::route_canteen(request.method, segment, query), query, peer, request.body,
                    std::move(answer));
    return;
  }
  service_.handle(route, query, peer, request.body, std::move(answer));
}

BodyClass DeviceRouter::body_class(std::string_view method, std::string_view target) const {
  return protocol::may_carry_data(method, target) ? BodyClass::kLarge : BodyClass::kSmall;
}

void DeviceRouter::serve_file(const Request& request, std::string_view reference, const Responder& respond) {
  auto file = service_.download_file(reference);
  if (!file) {
    // A name that leaves the files folder ("..") is refused; a missing file is not found; a store that
    // cannot be read is unavailable, and the terminal tries again later.
    const Error::Kind error = file.error().kind;
    const int status = error == Error::Kind::kInvalidInput ? 403 : error == Error::Kind::kNotFound ? 404 : 503;
    spdlog::warn("file request from {} for '{}': {} {}", request.remote_ip, protocol::printable(reference, 200),
                 status, file.error().message);
    respond(Response::text("ERROR: " + file.error().message + "\n", status));
    return;
  }
  const std::optional<uint64_t> known_size = size_of(*file);
  if (!known_size) {
    respond(Response::text("ERROR: cannot read file\n", 404));
    return;
  }
  const uint64_t size = *known_size;
  ByteRange range{0, size == 0 ? 0 : size - 1};
  const RangeResult kind = parse_range(request.header("Range"), size, range);
  Response response;
  response.content_type = "application/octet-stream";
  response.headers.emplace_back("Accept-Ranges", "bytes");
  if (kind == RangeResult::kUnsatisfiable) {
    response.status = 416;
    response.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
    respond(std::move(response));
    return;
  }
  const uint64_t length = size == 0 ? 0 : range.last - range.first + 1;
  if (!read_part(*file, range.first, length, response.body)) {
    respond(Response::text("ERROR: cannot read file\n", 500));
    return;
  }
  if (kind == RangeResult::kPartial) {
    response.status = 206;
    response.headers.emplace_back("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                                       std::to_string(range.last) + "/" + std::to_string(size));
  }
  spdlog::info("file {} ({} bytes{}{}) served to {}", file->path, length, file->bytes ? ", stored" : "",
               kind == RangeResult::kPartial ? ", partial" : "", request.remote_ip);
  respond(std::move(response));
}

}  // namespace zkpush::http
