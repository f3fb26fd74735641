-- 0014 covering indexes for the busiest queues (issue 6). A department's queue by deadline and the
-- red list by deadline matched a few thousand open cases each with 10,000,000 stored, and reading
-- each case row to learn its deadline cost 50–100 ms (bench/case_queue.sh). With the deadline, the
-- case number and the grid in the index, the page is chosen from the index alone.
DROP INDEX cases_department;
CREATE INDEX cases_department ON cases (department_id, state, due_at_ms, id, grid_code);
DROP INDEX cases_red;
CREATE INDEX cases_red ON cases (red_at_ms, due_at_ms, id);
