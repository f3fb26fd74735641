-- 0023 saved views (issue 22): a user's named queue filters, kept as the query string the queue
-- page reads, so a view opens exactly as it was saved on any device the user signs in on.
CREATE TABLE saved_views (
  user_id BIGINT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,                     -- the queue's filters, e.g. 'queue=all&channel=hotline'
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (user_id, name)
);
