// Access-control panels and terminals: the Security PUSH dialect (3.x;
// ../docs/access-control.md, push3_catalog §1-§4). A third dialect beside the
// attendance and canteen ones, over the same device registry, admission,
// command queue, persons and store.
//
//   GET cdata?options=all  identity recorded; "OK" until registered, then the
//                          registry=ok block with the session
//   POST registry          capabilities stored as properties; RegistryCode
//   GET|POST push          the configuration and the SessionID
//   everything else        only with the session's token (Cookie: token=),
//                          else 401 and nothing stored:
//     cdata rtlog/rtstate/transaction  events (deduplicated) and door states
//     cdata/querydata tabledata         people, templates, photos (the same
//                                       persons as every dialect's)
//     cdata/querydata options           properties
//     getrequest, devicecmd, ping       the shared command queue
//
// DeviceService finds, creates and admits the device, then hands the request
// over (DeviceDialect). Knows nothing about HTTP.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol/access/records.h"
#include "service/access/access_sync.h"
#include "service/device_service.h"

namespace zkpush::service::access {

class AccessService final : public DeviceDialect {
 public:
  AccessService(store::Store& store, DeviceService& devices);

  // Starts the sync engine (and follows person changes); call once before serving.
  void start();
  void stop() { sync_.stop(); }
  AccessSync& sync() { return sync_; }

  // Changes committed by any node: a door state stored elsewhere replaces
  // what this node remembers of it.
  void on_changes(const std::vector<store::Change>& changes);

  bool serves(const Device& device, const protocol::RoutedRequest& route, const protocol::Query& query) const override;
  void handle(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
              const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply) override;

 private:
  // access_session.cc
  void handshake(const std::shared_ptr<Device>& device, const protocol::Query& query, const Peer& peer,
                 ReplyFn reply);
  void registry(const std::shared_ptr<Device>& device, const std::string& body, ReplyFn reply);
  void push(const std::shared_ptr<Device>& device, ReplyFn reply);
  // The keys of the push reply (and, after registry=ok and RegistryCode,
  // of a registered device's handshake reply).
  protocol::Fields session_options(const Device& device) const;
  // Whether the request carries the device's token; logs and answers 401 when not.
  bool authenticated(Device& device, const Peer& peer, const protocol::RoutedRequest& route,
                     const ReplyFn& reply);

  // POST cdata?AuthType=device: may this person open this door now? (background_verify.h)
  void verify(const std::shared_ptr<Device>& device, const protocol::Query& query, const std::string& body,
              ReplyFn reply);

  // access_uploads.cc
  void upload(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
              const protocol::Query& query, const std::string& body, ReplyFn reply);
  // rtlog/rtstate/transaction rows; `counted_table` names the table of a
  // DATA QUERY answer, acknowledged "<table>=<rows>" rather than "OK".
  void realtime(const std::shared_ptr<Device>& device, std::string table, const std::string& body,
                std::string counted_table, ReplyFn reply);
  // What this node knows to be stored as the device's door state.
  std::optional<protocol::access::DoorStateRecord> stored_door_state(store::DeviceId device);

  store::Store& store_;
  DeviceService& devices_;
  AccessSync sync_;
  std::mutex mu_;
  // What each device's doors last reported as stored (the state without its
  // time): an unchanged report is not written. Forgotten when another node
  // stores one.
  std::map<store::DeviceId, protocol::access::DoorStateRecord> door_states_;  // guarded by mu_
};

}  // namespace zkpush::service::access
