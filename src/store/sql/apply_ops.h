// Applying WriteOps to the writer connection, inside the writer's transaction
// (and a savepoint, on a second pass). One function per op, in the file named below
// before its group; each sets every out field of its op afresh, since a
// batch may be applied a second time after its group's first pass was rolled
// back (writer.h).
// An op that fails returns the error and the writer rolls its batch back.
#pragma once

#include "store/sql/connection.h"
#include "store/store.h"
#include "util/error.h"

namespace zkpush::store::sql {

// Applies every op of `batch` in order; stops at the first error, whose
// message is prefixed with the op's name ("InsertAttendance: ...").
Status apply_batch(Connection& db, WriteBatch& batch);

// apply_device_ops.cc
Status apply(Connection& db, CreateDevice& op);
Status apply(Connection& db, UpdateDeviceIdentity& op);
Status apply(Connection& db, SetAccessSession& op);
Status apply(Connection& db, SetLastSeen& op);
Status apply(Connection& db, SetDeviceProperties& op);
Status apply(Connection& db, SetDeviceSettings& op);
Status apply(Connection& db, SetServerSettings& op);
Status apply(Connection& db, SetStamp& op);
Status apply(Connection& db, ResetStamps& op);
Status apply(Connection& db, SetAdmissionState& op);
Status apply(Connection& db, SetAdmissionPolicy& op);
Status apply(Connection& db, SetPushCommKey& op);

// apply_door_ops.cc
Status apply(Connection& db, InsertAccessEvents& op);
Status apply(Connection& db, SetDoorState& op);

// apply_access_right_ops.cc
Status apply(Connection& db, SaveTimeZone& op);
Status apply(Connection& db, DeleteTimeZone& op);
Status apply(Connection& db, SaveHoliday& op);
Status apply(Connection& db, DeleteHoliday& op);
Status apply(Connection& db, SaveAccessLevel& op);
Status apply(Connection& db, DeleteAccessLevel& op);
Status apply(Connection& db, SetPersonAccessLevels& op);
Status apply(Connection& db, SetAccessBlocked& op);
Status apply(Connection& db, SetDoorName& op);
Status apply(Connection& db, SyncPanelRows& op);
Status apply(Connection& db, AddServerSecret& op);

// apply_attendance_ops.cc
Status apply(Connection& db, InsertAttendance& op);

// apply_upload_ops.cc
Status apply(Connection& db, AppendOplog& op);
Status apply(Connection& db, UpsertUsers& op);
Status apply(Connection& db, UpsertTemplates& op);
Status apply(Connection& db, StorePhotos& op);
Status apply(Connection& db, AppendErrorlog& op);
Status apply(Connection& db, StoreGeneric& op);
Status apply(Connection& db, StoreRejected& op);

// apply_command_ops.cc
Status apply(Connection& db, EnqueueCommand& op);
Status apply(Connection& db, MarkCommandsSent& op);
Status apply(Connection& db, RecordCommandReply& op);
Status apply(Connection& db, SettleOverdueCommands& op);

// apply_event_ops.cc; append_event is also how other ops record the events
// they cause, in their own transaction.
Status append_event(Connection& db, std::string_view kind, TimeMs at, std::string_view payload);
Status apply(Connection& db, AppendEvent& op);
Status apply(Connection& db, CreateWebhook& op);
Status apply(Connection& db, DeleteWebhook& op);
Status apply(Connection& db, RecordDelivery& op);
Status apply(Connection& db, AdvanceWebhook& op);
Status apply(Connection& db, UpdateWebhookConfig& op);

// apply_access_ops.cc
Status apply(Connection& db, CreateToken& op);
Status apply(Connection& db, RevokeToken& op);
Status apply(Connection& db, AppendAudit& op);

// apply_group_ops.cc
Status apply(Connection& db, SaveGroup& op);
Status apply(Connection& db, DeleteGroup& op);
Status apply(Connection& db, SetDeviceLabel& op);
Status apply(Connection& db, SetSynced& op);
Status apply(Connection& db, ClearSynced& op);

// apply_person_ops.cc
Status apply(Connection& db, SavePerson& op);
Status apply(Connection& db, DeletePerson& op);
Status apply(Connection& db, SaveBiometric& op);
Status apply(Connection& db, DeleteBiometric& op);
Status apply(Connection& db, SetAssignments& op);
Status apply(Connection& db, MergeEnrolment& op);

// apply_canteen_ops.cc, apply_canteen_records.cc
Status apply(Connection& db, UpsertCanteenTerminal& op);
Status apply(Connection& db, SetCanteenStamps& op);
Status apply(Connection& db, StoreCanteenRecords& op);
Status apply(Connection& db, StoreItemDetails& op);
Status apply(Connection& db, RecordCanteenGap& op);
Status apply(Connection& db, SetCanteenGapSync& op);
Status apply(Connection& db, CreateCanteenCard& op);
Status apply(Connection& db, UpdateCanteenCard& op);
Status apply(Connection& db, DeleteCanteenCard& op);
Status apply(Connection& db, IssueCanteenCredits& op);
Status apply(Connection& db, PutCanteenMaster& op);
Status apply(Connection& db, DeleteCanteenMaster& op);

// apply_lease_ops.cc
Status apply(Connection& db, ClaimLease& op);
Status apply(Connection& db, ReleaseLease& op);

// apply_file_ops.cc
Status apply(Connection& db, PutTerminalFile& op);
Status apply(Connection& db, DeleteTerminalFile& op);

// apply_account_ops.cc
Status apply(Connection& db, CreateAccount& op);
Status apply(Connection& db, UpdateAccount& op);
Status apply(Connection& db, CreateSession& op);
Status apply(Connection& db, ExtendSession& op);
Status apply(Connection& db, RevokeSessions& op);
Status apply(Connection& db, RecordSignInFailure& op);
Status apply(Connection& db, ClearSignInFailures& op);
Status apply(Connection& db, AddSetupCode& op);

}  // namespace zkpush::store::sql
