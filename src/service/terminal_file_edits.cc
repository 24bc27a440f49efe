// DeviceService: the files put through the API for terminals to download
// (device_service.h; store/file_records.h).

#include "service/device_service.h"
#include "util/clock.h"

namespace zkpush::service {

void DeviceService::put_file(std::string path, std::string bytes,
                             std::function<void(Result<store::TerminalFileRow>)> done) {
  store::WriteBatch batch;
  batch.add(store::PutTerminalFile{std::move(path), std::move(bytes), now_ms()});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s) return done(s.error());
    const auto& put = std::get<store::PutTerminalFile>(b.ops.front());
    done(store::TerminalFileRow{put.path, static_cast<int64_t>(put.bytes.size()), put.sha256, put.now, {}});
  });
}

void DeviceService::delete_file(std::string path, RowWriteDone done) {
  store::WriteBatch batch;
  batch.add(store::DeleteTerminalFile{std::move(path), false});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch& b) {
    done(s, s && std::get<store::DeleteTerminalFile>(b.ops.front()).deleted);
  });
}

}  // namespace zkpush::service
