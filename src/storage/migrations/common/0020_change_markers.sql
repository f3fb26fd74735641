-- 0020 change markers (issue 21 §4). Servers keep the responsibility rules and org units, and the
-- API tokens with their users, in memory; each group has a counter here that every write to its
-- tables raises in the same transaction (the repositories do it), so a server that reads an equal
-- counter knows its copy is current, and one that reads a higher one reloads.
CREATE TABLE change_markers (
  name TEXT PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO change_markers (name, version) VALUES ('routing', 0), ('accounts', 0);
