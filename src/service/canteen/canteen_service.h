// Canteen (consumption) terminals, spec 001: a second dialect beside the
// attendance one. It shares the device registry and the command queue with
// DeviceService (a canteen terminal is a device; its commands are queued and
// delivered like any other) and keeps its own state: CanteenTerminals in
// memory, the canteen tables in the store.
//
//   handshake   identity, IsConsumeFunType; a new terminal is provisioned with
//               the master data, the card list and waiting credits
//   uploads     CanteenIngest: records, ledger, RecNo holes -> SYNC
//   polls       devno against the stored sequence, then the command queue
//   card requests  CardRequests: loss, cancel, password
//
// Admin operations (the API's writes) change the server's data and queue
// what terminals must learn of it in the same transaction where possible.
// Knows nothing about HTTP.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "protocol/canteen/route.h"
#include "service/canteen/canteen_config.h"
#include "service/canteen/canteen_ingest.h"
#include "service/canteen/card_requests.h"
#include "service/canteen/terminal_state.h"
#include "service/device_service.h"

namespace zkpush::service::canteen {

class CanteenService {
 public:
  CanteenService(store::Store& store, DeviceService& devices, CanteenConfig config = {});

  // Loads the canteen terminals; call once before serving (after DeviceService::start).
  Status start();

  // Every canteen request (protocol::canteen::route_canteen).
  void handle(const protocol::canteen::Route& route, const protocol::Query& query, const Peer& peer,
              const std::string& body, ReplyFn reply);

  // ---- admin operations; each calls back once committed ----
  using Done = std::function<void(Status)>;
  // Creates a card (SysID defaults to the card number) and sends it to every terminal.
  void create_card(store::CreateCanteenCard op, Done done);
  // Changes a card (status, holder, password...) and sends it to every terminal.
  // kNotFound when there is no such card.
  void update_card(store::UpdateCanteenCard op, Done done);
  // Removes a card that never booked anything, from the server and every terminal.
  // kNotFound when there is no such card, kInvalidInput when it has entries.
  void delete_card(const std::string& card_no, Done done);
  // Issues a credit batch; queues SUBSIDYLOG to every terminal that hands out
  // credits. Calls back with the batch number and how many terminals got it.
  void issue_credits(store::IssueCanteenCredits op, std::function<void(Result<std::pair<int64_t, int>>)> done);
  // Stores a master data row (validated against the table's layout) and
  // sends it to every terminal; calls back with the row as sent.
  void put_master(const std::string& table, const protocol::Fields& fields,
                  std::function<void(Result<store::CanteenMasterRow>)> done);
  void delete_master(const std::string& table, const std::string& key, Done done);
  // Queues the whole provisioning again for one terminal (after a CLEAR, or
  // when commands were lost). Calls back with how many commands.
  void resend_all(const std::string& sn, std::function<void(Result<int>)> done);

  // The terminals and, for the API, the options a device gets.
  std::vector<std::shared_ptr<CanteenTerminal>> terminals() const { return terminals_.all(); }
  std::string option(const Device& device, std::string_view key) const;

 private:
  void dispatch(const std::shared_ptr<Device>& device, const protocol::canteen::Route& route,
                const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply);
  void handshake(const std::shared_ptr<Device>& device, const protocol::Query& query, const Peer& peer,
                 ReplyFn reply);
  void poll(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
            const protocol::Query& query, ReplyFn reply);
  // Reads the highest RecNo stored per family again: another node of a
  // cluster may have stored what this one believes missing.
  void catch_up(CanteenTerminal& terminal);
  void reply_options(const Device& device, const CanteenTerminal* terminal, ReplyFn reply);
  // Queues the master data, the card list and waiting credits for a terminal.
  void queue_provisioning(const std::shared_ptr<Device>& device, const CanteenTerminal& terminal,
                          std::function<void(Result<int>)> done);
  // The device's canteen state, created (and the terminal provisioned) on first contact.
  std::shared_ptr<CanteenTerminal> terminal_of(const std::shared_ptr<Device>& device);
  void provision(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal);
  // The command for every canteen terminal (optionally only those that
  // hand out credits), as queue entries.
  std::vector<CommandQueue::Queued> to_every_terminal(const std::vector<std::string>& commands) const;
  bool hands_out_credits(const Device& device, const CanteenTerminal& terminal) const;
  int time_zone_minutes(const Device& device) const;

  store::Store& store_;
  DeviceService& devices_;
  CanteenConfig config_;
  CanteenTerminals terminals_;
  CanteenIngest ingest_;
  CardRequests card_requests_;
};

}  // namespace zkpush::service::canteen
