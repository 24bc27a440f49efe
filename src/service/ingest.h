// Uploads from terminals (004 §8, §11; legacy routing 000/002/003): parse the
// body with the codec, store everything in one atomic batch, and acknowledge
// only after the commit. Deduplication is the store's (natural keys), so a
// resent or replayed batch is acknowledged without creating duplicates.
#pragma once

#include <functional>
#include <memory>
#include <vector>
#include <string>

#include "protocol/query.h"
#include "protocol/route.h"
#include "service/config.h"
#include "service/device.h"
#include "service/device_registry.h"
#include "service/device_reply.h"
#include "store/store.h"

namespace zkpush::service {

class Ingest {
 public:
  Ingest(store::Store& store, const ServiceConfig& config, DeviceRegistry& registry)
      : store_(store), config_(config), registry_(registry) {}

  // Any cdata/fdata upload routed to a table. Replies "OK: <lines>" for
  // 2.2.14+ firmware on count-bearing tables, "OK" otherwise; 503 when the
  // data could not be stored (the terminal keeps it and resends).
  void upload(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
              const protocol::Query& query, const std::string& body, ReplyFn reply);

  // An upload another dialect parsed (protocol/access/): its records stored
  // as upload() stores them, together with the ops already in `batch`, in
  // one transaction; `ok_body` once committed, 503 when it could not be.
  void store_parsed(const std::shared_ptr<Device>& device, std::string table, protocol::ParsedUpload parsed,
                    store::WriteBatch batch, std::string ok_body, ReplyFn reply);

  // table=options and PUSH 3.x registry bodies: every key becomes a device
  // property. Replies with `ok_body` once committed.
  void store_options(const std::shared_ptr<Device>& device, const std::string& body, std::string ok_body,
                     ReplyFn reply);

  // Called (on the store's callback thread) after an upload changed persons
  // (an enrolment at the terminal): the sync engine spreads it.
  using EnrolmentListener = std::function<void(const Device& device, const std::vector<int64_t>& persons)>;
  void on_enrolment(EnrolmentListener listener) { enrolled_ = std::move(listener); }
  // Called (on the store's callback thread) once a terminal's new options are stored
  // and applied, when they changed its capabilities.
  void on_properties(std::function<void(const Device& device)> listener) { properties_ = std::move(listener); }

  // 004 §12.8.3 PostVerifyData and 002 AuthType: kept as records of their table.
  void store_raw(const std::shared_ptr<Device>& device, std::string table, const protocol::Query& query,
                 const std::string& body, std::string ok_body, ReplyFn reply);

 private:
  // `lines`: records in the batch, for the ingest counters.
  // An upload that cannot be taken whole: 413 over a limit, 400 otherwise.
  static void refuse(const Device& device, const std::string& table, const Error& error, const ReplyFn& reply);
  void commit(const std::shared_ptr<Device>& device, store::WriteBatch batch, std::string table,
              std::string ok_body, ReplyFn reply, int lines = 0);

  store::Store& store_;
  const ServiceConfig& config_;
  DeviceRegistry& registry_;  // properties are read again before use when another node changed them
  EnrolmentListener enrolled_;                       // set before serving
  std::function<void(const Device&)> properties_;  // set before serving
};

}  // namespace zkpush::service
