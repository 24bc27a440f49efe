// Canteen uploads (spec 001 §6): parse the body with the codec, book every
// new record in the ledger, store item details, advance the stamps, and
// acknowledge "OK" only after the commit (anything else makes the terminal
// resend). A record whose RecNo is already stored is acknowledged and not
// stored again; holes in the RecNo sequence are healed by queueing SYNC for
// them (catalog §7.8).
//
// Stamps (§3.3): an upload of a main table moves <F>LogStampId to its
// StampId (or, without one, its highest RecNo) and <F>LogStamp to its Stamp
// only when it goes beyond what was stored, so a SYNC of old records does not
// move the terminal's breakpoint back; a BAK upload sets <F>BakLogStampId to
// its StampId as sent (the spec's own example holds a date there, A-11).
//
// FULLLOG's field order is decided per upload by
// detect_fulllog_order, against the request's StampId and the terminal's
// sequence; a decided order is remembered for the terminal and used when a
// later upload cannot tell (e.g. one record whose OPID equals its RecNo).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "protocol/query.h"
#include "service/canteen/terminal_state.h"
#include "service/command_queue.h"
#include "service/device.h"
#include "service/device_reply.h"
#include "store/store.h"

namespace zkpush::service::canteen {

class CanteenIngest {
 public:
  CanteenIngest(store::Store& store, CommandQueue& commands) : store_(store), commands_(commands) {}

  // POST /iclock/cpos?table=... `time_zone` is the terminal's TimeZone option,
  // stored beside each record.
  void upload(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
              const std::string& table, const protocol::Query& query, const std::string& body,
              const std::string& time_zone, ReplyFn reply);

  // Queues "SYNC <log> START=a END=b" for each gap and records its command.
  void request_syncs(const std::shared_ptr<Device>& device, const std::vector<store::SequenceGap>& gaps);

 private:
  void upload_records(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
                      const std::string& table, const protocol::Query& query, std::string_view body,
                      const std::string& time_zone, ReplyFn reply);
  void commit(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
              store::WriteBatch batch, std::string table, ReplyFn reply);

  store::Store& store_;
  CommandQueue& commands_;
};

}  // namespace zkpush::service::canteen
