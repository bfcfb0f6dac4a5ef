-- 005: draft guidance cards (issue 7). A reviewer who marks a reply wrong gives the corrected answer;
-- it becomes a draft card here. An admin edits it, then approves it into knowledge/guides (the card
-- is written there and the search index rebuilt) or rejects it. The row stays as the record either way.
CREATE TABLE guide_drafts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consultation_id  bigint REFERENCES consultations (id) ON DELETE SET NULL,
  review_id        bigint REFERENCES consultation_reviews (id) ON DELETE SET NULL,
  topic            text NOT NULL,
  title            text NOT NULL,
  -- The ways the question is asked: the user's own words first.
  questions        text[] NOT NULL,
  answer           text NOT NULL,
  -- [{ "law": "劳动合同法", "article": 19 }, …], most decisive first.
  cites            jsonb NOT NULL DEFAULT '[]',
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'rejected')),
  -- Once approved: the card's id and its file under knowledge/.
  card_id          text,
  card_file        text,
  created_by       bigint REFERENCES staff (id) ON DELETE SET NULL,
  decided_by       bigint REFERENCES staff (id) ON DELETE SET NULL,
  decided_at       timestamptz,
  reject_reason    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guide_drafts_status_idx ON guide_drafts (status, id);
