-- 0018 finding a case by what a caller reads out on the phone (issue 19): staff who may see contacts
-- search by tracking code, external reference, or the reporter's number in full or its last four
-- digits. Each is an indexed equality, never LIKE '%5678' over every reporter: a leading-wildcard scan
-- breaks the queue's p99 at 10,000,000 cases (bench/case_queue.sh measures both).
ALTER TABLE case_reporters ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
ALTER TABLE case_reporters ADD COLUMN phone_last4 TEXT NOT NULL DEFAULT '';
UPDATE case_reporters SET phone_digits = REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '+', '');
UPDATE case_reporters SET phone_last4 = right(phone_digits, 4) WHERE length(phone_digits) >= 4;
CREATE INDEX case_reporters_phone_digits ON case_reporters (phone_digits);
CREATE INDEX case_reporters_phone_last4 ON case_reporters (phone_last4);
CREATE INDEX cases_external_ref_any_channel ON cases (external_ref);
