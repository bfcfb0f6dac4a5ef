-- 002: what the outreach dispatcher and the reminder rules need on top of 001.
--
-- Outbox states gain 'sending' (this worker is about to hand the message to the channel; committed
-- BEFORE the request leaves) and 'unknown' (a worker died, or the request failed in a way that may
-- or may not have delivered it). Rows in those states are never resent automatically: that is what
-- makes delivery at-most-once (see docs-outreach.md).
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'claimed', 'sending', 'sent', 'failed', 'cancelled', 'unknown'));
ALTER TABLE outbox ADD COLUMN sending_at timestamptz;
ALTER TABLE outbox ADD COLUMN provider_message_id text;
CREATE INDEX outbox_sending_idx ON outbox (sending_at) WHERE status = 'sending';

-- A notice is either a staff broadcast or one reminder firing; linked policies are kept as they were
-- checked at sending time (document number and validity), so the record shows what was claimed.
ALTER TABLE notices ADD COLUMN kind text NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'reminder'));
ALTER TABLE notices ADD COLUMN policies jsonb NOT NULL DEFAULT '[]';

-- Shared send-rate reservations (GCRA): one row per limited key ("telegram:bot:123", "telegram:chat:42").
-- tat = the theoretical arrival time of the next allowed send. Every worker process reserves its slot
-- here, so the per-bot limit holds across any number of processes.
CREATE TABLE send_rate (
  key text PRIMARY KEY,
  tat timestamptz NOT NULL
);

-- Facts about an enterprise that reminder rules read, beyond the enterprise row itself:
-- kind 'hire' (detail.count, detail.first = true for the first hire), 'contract_signed',
-- 'insurance_registered', 'probation_start' (detail.contract_months, detail.probation_months) …
CREATE TABLE enterprise_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  kind          text NOT NULL,
  on_date       date NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_events_idx ON enterprise_events (enterprise_id, kind, on_date);

-- One reminder rule fired for one enterprise in one period: the unique key is the "never twice" rule.
CREATE TABLE reminder_firings (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  rule_id       text NOT NULL,
  period        text NOT NULL,
  notice_id     bigint REFERENCES notices (id) ON DELETE SET NULL,
  fired_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, rule_id, period)
);
