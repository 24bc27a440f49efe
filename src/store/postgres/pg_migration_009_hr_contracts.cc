// Schema version 9, for the contracts HR systems speak, as in
// store/sqlite/migration_009_hr_contracts.cc.

#include "store/postgres/pg_migrations.h"

namespace zkpush::store::postgres {

const char* const kPgMigration009HrContracts = R"sql(
ALTER TABLE devices ADD COLUMN punch_direction TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE attendance ADD COLUMN direction TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE attendance SET direction = CASE WHEN status IN (0, 3, 4) THEN 'in'
                                       WHEN status IN (1, 2, 5) THEN 'out' ELSE '' END;
ALTER TABLE account_sessions ADD COLUMN kind TEXT COLLATE "C" NOT NULL DEFAULT 'console';
ALTER TABLE accounts ADD COLUMN credentials_changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE accounts SET credentials_changed_at = password_changed_at;
ALTER TABLE webhooks ADD COLUMN target TEXT COLLATE "C" NOT NULL DEFAULT 'webhook';
ALTER TABLE webhooks ADD COLUMN config TEXT COLLATE "C" NOT NULL DEFAULT '{}';
CREATE TABLE server_secrets (
  name   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  value  TEXT COLLATE "C" NOT NULL
);
)sql";

}  // namespace zkpush::store::postgres
