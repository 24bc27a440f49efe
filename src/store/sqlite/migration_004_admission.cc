// Schema version 4: device admission (issue 5). Versions 2 and 3 belong to
// other work and are not in this build.
//
// devices.admission: approved | pending | blocked (store/admission.h). Every
//   device stored before this migration was served under the only policy
//   there was (open), so it starts approved.
// devices.admission_policy: this device's override of the server's
//   --admission policy (open | approve | allowlist); '' follows the server.
// devices.push_comm_key (version 1) becomes the binding key: the first key a
//   terminal presents, or the one an administrator set; a request with another
//   key is refused.
// devices_by_admission: the API's "pending devices" list without a scan.

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration004Admission = R"sql(
ALTER TABLE devices ADD COLUMN admission TEXT NOT NULL DEFAULT 'approved'
  CHECK (admission IN ('approved', 'pending', 'blocked'));
ALTER TABLE devices ADD COLUMN admission_policy TEXT NOT NULL DEFAULT ''
  CHECK (admission_policy IN ('', 'open', 'approve', 'allowlist'));
CREATE INDEX devices_by_admission ON devices (admission);
)sql";

}  // namespace zkpush::store::sqlite
