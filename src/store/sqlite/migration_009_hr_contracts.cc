// Schema version 9, for the contracts HR systems speak (docs/biotime-api.md,
// service/connectors/): the punch direction a terminal's punches get and the
// one each punch got when it arrived; BioTime-style API tokens beside the
// console's sessions; connectors, which are webhooks with a target system
// and its settings; the secrets nodes share. The same columns exist on PostgreSQL
// (store/postgres/pg_migration_009_hr_contracts.cc).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration009HrContracts = R"sql(
-- What counts as IN and OUT for this terminal (service/punch_direction.h):
-- '' or 'status' (the status key, default mapping), 'in', 'out',
-- 'status:0=in,1=out,...'.
ALTER TABLE devices ADD COLUMN punch_direction TEXT NOT NULL DEFAULT '';
-- Fixed when the punch arrived: 'in', 'out' or '' (unknown). Punches stored
-- before this version get what the default mapping gives their status.
ALTER TABLE attendance ADD COLUMN direction TEXT NOT NULL DEFAULT '';
UPDATE attendance SET direction = CASE WHEN status IN (0, 3, 4) THEN 'in'
                                       WHEN status IN (1, 2, 5) THEN 'out' ELSE '' END;

-- 'console' (a browser's cookie) or 'api' (a BioTime-style Authorization: Token).
ALTER TABLE account_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'console';
-- When the account's sessions were last ended (a new password, disabling,
-- "end every session"): API tokens and JWTs from before are refused.
ALTER TABLE accounts ADD COLUMN credentials_changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET credentials_changed_at = password_changed_at;

-- 'webhook' (a signed POST of each event), 'erpnext' or 'odoo', and the
-- target's settings as a JSON object.
ALTER TABLE webhooks ADD COLUMN target TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE webhooks ADD COLUMN config TEXT NOT NULL DEFAULT '{}';

-- Keys every node of a cluster shares and nobody else sees (the API's JWT
-- signing key); unlike server_settings, never sent to terminals.
CREATE TABLE server_secrets (
  name   TEXT NOT NULL PRIMARY KEY,
  value  TEXT NOT NULL
);
)sql";

}  // namespace zkpush::store::sqlite
