-- 0013 the queue index (issue 6). "My queue" is the states a role moves a case on, or the requests
-- it decides (pending, a set of bits). With an index on each side the database reads the two sets
-- and merges them; with a bit test on one side it read every case (1.2 s with 1,000,000 cases:
-- bench/case_queue.sh).
CREATE INDEX cases_pending ON cases (pending);
