#include "store/sql/apply_ops.h"

#include <string_view>
#include <variant>

namespace zkpush::store::sql {

namespace {

// Names for error messages, in the order of the WriteOp alternatives.
constexpr std::string_view kOpNames[] = {
    "CreateDevice",     "UpdateDeviceIdentity", "SetLastSeen",
    "SetDeviceProperties", "SetDeviceSettings", "SetStamp",            "ResetStamps",
    "InsertAttendance", "AppendOplog",          "UpsertUsers",         "UpsertTemplates",
    "StorePhotos",      "AppendErrorlog",       "StoreGeneric",        "StoreRejected",
    "EnqueueCommand",   "MarkCommandsSent",     "SettleOverdueCommands", "RecordCommandReply",
    "CreateToken",          "RevokeToken",         "AppendAudit",
    "SavePerson",       "DeletePerson",         "SaveBiometric",       "DeleteBiometric",
    "SetAssignments",   "MergeEnrolment",       "SaveGroup",           "DeleteGroup",
    "SetDeviceLabel",   "SetSynced",            "ClearSynced",         "AppendEvent",
    "CreateWebhook",    "DeleteWebhook",        "RecordDelivery",      "AdvanceWebhook",
    "SetServerSettings",
    "SetAdmissionState", "SetAdmissionPolicy",  "SetPushCommKey",
    "UpsertCanteenTerminal", "SetCanteenStamps", "StoreCanteenRecords", "StoreItemDetails",
    "RecordCanteenGap",  "SetCanteenGapSync",   "CreateCanteenCard",   "UpdateCanteenCard",
    "DeleteCanteenCard", "IssueCanteenCredits", "PutCanteenMaster",    "DeleteCanteenMaster",
    "ClaimLease",        "ReleaseLease",
    "PutTerminalFile",   "DeleteTerminalFile",
    "CreateAccount",     "UpdateAccount",       "CreateSession",       "ExtendSession",
    "RevokeSessions",    "RecordSignInFailure", "ClearSignInFailures", "AddSetupCode",
    "SetAccessSession",  "InsertAccessEvents",  "SetDoorState",        "SaveTimeZone",
    "DeleteTimeZone",    "SaveHoliday",         "DeleteHoliday",       "SaveAccessLevel",
    "DeleteAccessLevel", "SetPersonAccessLevels", "SetAccessBlocked",  "SetDoorName",
    "SyncPanelRows",     "AddServerSecret",     "UpdateWebhookConfig",
};
static_assert(std::size(kOpNames) == std::variant_size_v<WriteOp>,
              "name every WriteOp alternative, in order");
static_assert(std::is_same_v<std::variant_alternative_t<7, WriteOp>, InsertAttendance> &&
                  std::is_same_v<std::variant_alternative_t<18, WriteOp>, RecordCommandReply> &&
                  std::is_same_v<std::variant_alternative_t<41, WriteOp>, SetPushCommKey> &&
                  std::is_same_v<std::variant_alternative_t<53, WriteOp>, DeleteCanteenMaster>,
              "kOpNames follows the order of WriteOp");

}  // namespace

Status apply_batch(Connection& db, WriteBatch& batch) {
  for (WriteOp& op : batch.ops) {
    Status s = std::visit([&db](auto& o) { return apply(db, o); }, op);
    if (!s) {
      Error e = s.error();
      e.message = std::string(kOpNames[op.index()]) + ": " + e.message;
      return e;
    }
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
