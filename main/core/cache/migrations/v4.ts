// Cache schema version 4 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import type { Migration } from './migration';

// The 24-month record of each request (11 CCR §7101) as columns of their own, generated
// from the mirrored JSON so every writer of `data` keeps them right. The requests stream is
// pulled again from the start so rows cached before the backend sent these fields get them.
export const v4: Migration = {
  version: 4,
  description: 'request records: received, nature, channel, response date, response, denial basis',
  sql: `
      ALTER TABLE requests ADD COLUMN received_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.receivedOn')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN channel TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.channel')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN responded_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.respondedOn')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN response TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.response')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN denial_basis TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.denialBasis')) VIRTUAL;
      CREATE INDEX requests_record ON requests(status, responded_on);
      UPDATE sync_state SET cursor = 0 WHERE stream = 'requests';
    `,
};
