-- When the broker acknowledged a decision's publication: a redelivered model.retrained republishes a decision only
-- while this is NULL (a crash between the commit and the acknowledgement), so a decision goes out once. Decisions
-- stored before this column existed were published.
ALTER TABLE decisions ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
UPDATE decisions SET published_at = decided_at;
