-- The stage watchdog: a release that sat too long in a status that is not final is marked FAILED with its former
-- status kept in stalled_status. Such a failure is soft: a later stage event moves the release on from that status
-- (and clears the failure), a worker's dead letter or the registry's own refusal replaces it, and a re-drive runs
-- the stalled stage again. stalled_status is NULL for every other release, failed or not.
ALTER TABLE releases ADD COLUMN stalled_status VARCHAR(16);

-- The watchdog's scan: releases in a given status, oldest change first.
CREATE INDEX releases_status_updated ON releases (status, updated_at);
