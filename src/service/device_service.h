// Everything a terminal can ask of the server, behind one entry point per
// routed request. Owns the device registry, admission, handshake, ingest and
// command queue, and the periodic work (command expiry, last-seen flush).
//
// Knows nothing about HTTP: the caller routes the request (protocol/route.h)
// and frames the DeviceReply.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "protocol/query.h"
#include "protocol/route.h"
#include "service/admission.h"
#include "service/command_queue.h"
#include "service/config.h"
#include "service/device_registry.h"
#include "service/device_reply.h"
#include "service/handshake.h"
#include "service/ingest.h"
#include "service/leases.h"
#include "service/person_service.h"
#include "service/person_sync.h"
#include "service/write_done.h"
#include "store/store.h"

namespace zkpush::service {

// A file a terminal downloads (`GET /iclock/file?url=`, 004 §12.8.2; the
// PutFile fetch form, R36).
struct DownloadFile {
  std::string path;  // relative to the files, as the terminal named it
  // A file put through the API, from the store, so that every node of a
  // cluster serves it: its bytes, read whole into memory for each download
  // (firmware of tens of MB is affordable, as terminals download seldom).
  // nullopt: the file is `local`.
  std::optional<std::string> bytes;
  // Else a file under <data>/files, as before files were stored (a single
  // node), read from the disk a range at a time.
  std::filesystem::path local;
};

struct Peer {
  std::string ip;
  std::string user_agent;
  std::string cookie = {};  // the Cookie header: an access panel's token (service/access/)
};

// A dialect that speaks over the attendance endpoints (/iclock/cdata,
// getrequest, devicecmd...) once a device is known and admitted: the
// access-control dialect (service/access/access_service.h). DeviceService
// finds, creates and admits the device, then hands it the request.
class DeviceDialect {
 public:
  virtual ~DeviceDialect() = default;
  // Whether the request is this dialect's.
  virtual bool serves(const Device& device, const protocol::RoutedRequest& route,
                      const protocol::Query& query) const = 0;
  virtual void handle(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                      const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply) = 0;
};

class DeviceService {
 public:
  DeviceService(store::Store& store, ServiceConfig config, std::filesystem::path data_dir);

  // Loads devices and open commands, and starts watching the store's write
  // health (one log line when writes start failing, one when they recover);
  // call once before serving.
  Status start();
  // Changes committed by any node (Store::watch_changes): the caches follow.
  void on_changes(const std::vector<store::Change>& changes);

  // The access-control dialect; set once, before serving.
  void set_access_dialect(DeviceDialect* dialect) { access_ = dialect; }

  // Handles a routed device request (every endpoint but the file downloads).
  void handle(const protocol::RoutedRequest& route, const protocol::Query& query, const Peer& peer,
              const std::string& body, ReplyFn reply);

  // The file a terminal's reference names (terminal_files.h): the one put
  // through the API at that path, else the one under <data>/files. A name
  // leading outside the files is refused (invalid input); none is not found.
  Result<DownloadFile> download_file(std::string_view reference) const;

  // Files put through the API for terminals (terminal_file_edits.cc); `done`
  // runs on the store's callback thread. `put`: the file as stored, without its
  // bytes.
  void put_file(std::string path, std::string bytes, std::function<void(Result<store::TerminalFileRow> put)> done);
  void delete_file(std::string path, RowWriteDone done);

  // An administrator's changes (device_edits.cc): each is written, then
  // mirrored in memory (and followed by the sync engine where it changes who
  // is on which terminal), then `done` runs; on the store's callback thread.
  // `label.device` is the device's id.
  void set_label(const std::shared_ptr<Device>& device, store::SetDeviceLabel label, WriteDone done);
  void set_settings(const std::shared_ptr<Device>& device, std::map<std::string, std::string> values, WriteDone done);
  void set_server_settings(std::map<std::string, std::string> values, WriteDone done);
  // Creates (`id` 0) or updates a device group; `saved` is nullopt when there
  // is no group `id`.
  void save_group(int64_t id, std::string name, bool propagate_enrolments,
                  std::function<void(Result<std::optional<store::GroupRow>> saved)> done);
  void delete_group(int64_t id, RowWriteDone done);

  // Periodic work (leases, command expiry, last-seen flush, online/offline
  // events); `now` in Unix ms.
  void tick(int64_t now);
  // Writes what is only in memory (last seen) and waits for the store.
  void drain();

  DeviceRegistry& registry() { return registry_; }
  Handshake& handshake() { return handshake_; }
  Ingest& ingest() { return ingest_; }
  Admission& admission() { return admission_; }
  CommandQueue& commands() { return commands_; }
  PersonSync& sync() { return sync_; }
  PersonService& persons() { return persons_; }
  const Leases& leases() const { return leases_; }
  const ServiceConfig& config() const { return config_; }
  // Whether a device was seen within 3 x its Delay.
  bool online(const Device& device, int64_t now) const;

  // The store as this node sees it, for /api/v1/health and /metrics.
  struct StoreHealth {
    bool writes_ok = true;      // the last write committed (false during an outage)
    bool changes_complete = true;  // the change feed is live (store.h)
  };
  StoreHealth store_health() const;

 private:
  // A request kept past handle(), whose buffers the HTTP layer reuses: for
  // answers that wait for a commit first.
  struct HeldRequest {
    protocol::RoutedRequest route;
    protocol::Query query;
    Peer peer;
    std::string body;
  };

  // Admission's verdict on a request of a known device, then the request.
  void admit(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route, const protocol::Query& query,
             const Peer& peer, const std::string& body, ReplyFn reply);
  // A device awaiting approval: what keeps it connected, else 503.
  void serve_pending(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                     const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply);
  void refuse(const Device& device, const Peer& peer, Verdict verdict, ReplyFn reply);
  void dispatch(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply);
  void remote_attendance(const std::shared_ptr<Device>& device, const protocol::Query& query, ReplyFn reply);
  void auth_verify(const std::shared_ptr<Device>& device, const protocol::Query& query, const std::string& body,
                   ReplyFn reply);
  // device.online / device.offline events, by the presence lease's holder.
  void judge_presence(int64_t now);
  // A deleted group's terminals lose it in memory, and the people assigned
  // through it.
  void forget_group(int64_t id);

  store::Store& store_;
  ServiceConfig config_;
  std::filesystem::path files_dir_;
  DeviceRegistry registry_;
  Admission admission_;
  Handshake handshake_;
  Ingest ingest_;
  CommandQueue commands_;
  PersonSync sync_;
  Leases leases_;
  PersonService persons_;
  DeviceDialect* access_ = nullptr;
  std::atomic<bool> writes_ok_{true};
  int64_t seen_read_at_ = 0;  // when the presence judge last read every node's last_seen
  std::unordered_map<store::DeviceId, bool> was_online_;  // tick()'s view, for device.online/offline events
};

}  // namespace zkpush::service
