-- 0012 the duplicate lookup's index (issue 6). Each report looks for open cases within tens of
-- metres reported in the last hours. The index led by longitude made that cost grow with the whole
-- history in a band across the city (and where cases recur at the same spots, every old case there
-- was read). Led by the unit grid, then the report time, the lookup reads only the recent cases of
-- the few grids the search box meets. It also serves what the grid index did.
DROP INDEX cases_place;
DROP INDEX cases_grid;
CREATE INDEX cases_grid_recent ON cases (grid_code, created_at_ms);
