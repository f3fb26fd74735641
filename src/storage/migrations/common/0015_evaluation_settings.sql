-- 0015 evaluation settings (issue 7): the composite's weights and count bands per evaluated kind
-- as an administrator set them (PUT /api/v1/evaluations/settings/{kind}); a kind without rows uses
-- the configured file or the documented defaults. Weights and scores in hundredths, so 12.5 is
-- stored exactly.
CREATE TABLE evaluation_weights (
  kind TEXT NOT NULL,
  indicator TEXT NOT NULL,
  weight_centi INTEGER NOT NULL CHECK (weight_centi >= 0),
  PRIMARY KEY (kind, indicator)
);
CREATE TABLE evaluation_bands (
  kind TEXT NOT NULL,
  indicator TEXT NOT NULL,
  at_least INTEGER NOT NULL CHECK (at_least >= 0),
  score_centi INTEGER NOT NULL CHECK (score_centi BETWEEN 0 AND 10000),
  PRIMARY KEY (kind, indicator, at_least)
);
