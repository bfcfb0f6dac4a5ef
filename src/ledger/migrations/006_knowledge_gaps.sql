-- 006: knowledge gaps. When the answer layer is not sure it answered (Answer.unsure), the reply says so,
-- gives leads and offers a person; the consultation is flagged here, and the gap waits in the console
-- (知识缺口) until a coordinator writes it up as a draft guidance card or dismisses it with a reason.

-- Set when the consultation is written (also through the spool), never changed afterwards.
ALTER TABLE consultations ADD COLUMN knowledge_gap boolean NOT NULL DEFAULT false;

-- One row per flagged consultation, written in the same statement as the consultation itself.
CREATE TABLE knowledge_gaps (
  consultation_id  bigint PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
  -- The question folded for grouping (NFKC, lower case, letters and digits only): how many open gaps
  -- ask the same thing. Blanked with the question by the retention rule.
  question_key     text NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'drafted', 'dismissed')),
  -- drafted: the guidance card draft written from it.
  draft_id         bigint REFERENCES guide_drafts (id) ON DELETE SET NULL,
  -- dismissed: why.
  dismiss_reason   text,
  decided_by       bigint REFERENCES staff (id) ON DELETE SET NULL,
  decided_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK (status <> 'dismissed' OR dismiss_reason IS NOT NULL)
);
CREATE INDEX knowledge_gaps_open_idx ON knowledge_gaps (question_key) WHERE status = 'open';
CREATE INDEX knowledge_gaps_status_idx ON knowledge_gaps (status, consultation_id);
CREATE INDEX knowledge_gaps_draft_idx ON knowledge_gaps (draft_id) WHERE draft_id IS NOT NULL;
