// Stored rows as the JSON the API returns. One function per row type, so
// every endpoint shows a record the same way.
#pragma once

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace zkpush::api {

nlohmann::json device_json(const store::DeviceRow& device, bool online);
nlohmann::json attendance_json(const store::AttendanceRow& row);
nlohmann::json user_json(const store::UserRow& row);
nlohmann::json template_json(const store::TemplateRow& row);
nlohmann::json oplog_json(const store::OplogRow& row);
nlohmann::json photo_json(const store::PhotoRow& row);
nlohmann::json command_json(const store::CommandRow& row);
nlohmann::json errorlog_json(const store::ErrorlogRow& row);
nlohmann::json generic_json(const store::GenericRow& row);
nlohmann::json rejected_json(const store::RejectedRow& row);
// A file terminals download, without its bytes.
nlohmann::json terminal_file_json(const store::TerminalFileRow& row);

std::string_view command_status_name(store::CommandStatus status);
// RFC 3339 UTC text for a Unix-ms time, e.g. "2026-11-21T11:24:36.123Z".
std::string iso_time(store::TimeMs ms);

}  // namespace zkpush::api
