-- 001: the service ledger (服务指导台账) and what outreach needs.
-- Runs unchanged on PostgreSQL 15+ and on PGlite. Names are unqualified: the search_path picks the schema.

CREATE TABLE staff (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin', 'coordinator', 'viewer')),
  phone           text,
  password_hash   text,
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    timestamptz,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enterprises (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                    text NOT NULL,
  uscc                    char(18) NOT NULL UNIQUE,
  industry                char(1) NOT NULL CHECK (industry BETWEEN 'A' AND 'T'),
  district                text NOT NULL,
  registered_on           date,
  headcount_last_year_end integer CHECK (headcount_last_year_end >= 0),
  headcount_current       integer CHECK (headcount_current >= 0),
  headcount_as_of         date,
  size_class              text CHECK (size_class IN ('large', 'medium', 'small', 'micro')),
  tags                    text[] NOT NULL DEFAULT '{}',
  watch_listed            boolean NOT NULL DEFAULT false,   -- 劳动用工重点监测企业
  harmony_cultivated      boolean NOT NULL DEFAULT false,   -- "和谐同行" 培育企业
  coordinator_id          bigint REFERENCES staff (id) ON DELETE SET NULL,
  note                    text NOT NULL DEFAULT '',
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprises_district_idx ON enterprises (district);
CREATE INDEX enterprises_industry_idx ON enterprises (industry);

-- Dated headcount history; enterprises.headcount_current mirrors the latest entry.
CREATE TABLE headcount_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  as_of         date NOT NULL,
  headcount     integer NOT NULL CHECK (headcount >= 0),
  source        text NOT NULL DEFAULT '',
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, as_of)
);

-- A chat identity on one channel; linked to an enterprise once the person says who they work for.
CREATE TABLE contacts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel       text NOT NULL,
  external_id   text NOT NULL,
  display_name  text NOT NULL DEFAULT '',
  phone         text,
  enterprise_id bigint REFERENCES enterprises (id) ON DELETE SET NULL,
  role          text NOT NULL DEFAULT 'other' CHECK (role IN ('owner', 'hr', 'finance', 'manager', 'employee', 'other')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, external_id)
);
CREATE INDEX contacts_enterprise_idx ON contacts (enterprise_id);

-- Every question and reply. idempotency_key makes retries and spool replays land exactly once.
CREATE TABLE consultations (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key  text NOT NULL UNIQUE,
  channel          text NOT NULL,
  contact_id       bigint REFERENCES contacts (id) ON DELETE SET NULL,
  enterprise_id    bigint REFERENCES enterprises (id) ON DELETE SET NULL,
  asked_at         timestamptz NOT NULL,
  question         text NOT NULL,
  answer           text,
  citations        jsonb NOT NULL DEFAULT '[]',
  confidence       real CHECK (confidence BETWEEN 0 AND 1),
  latency_ms       integer CHECK (latency_ms >= 0),
  feedback         text CHECK (feedback IN ('helpful', 'unhelpful')),
  feedback_note    text,
  feedback_at      timestamptz,
  handoff_state    text NOT NULL DEFAULT 'none' CHECK (handoff_state IN ('none', 'requested', 'claimed', 'resolved')),
  handoff_staff_id bigint REFERENCES staff (id) ON DELETE SET NULL,
  handoff_at       timestamptz,
  text_blanked_at  timestamptz,      -- set when retention blanked question/answer
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultations_enterprise_idx ON consultations (enterprise_id, asked_at);
CREATE INDEX consultations_asked_at_idx ON consultations (asked_at);
CREATE INDEX consultations_handoff_idx ON consultations (handoff_state) WHERE handoff_state IN ('requested', 'claimed');

-- 跟踪指导
CREATE TABLE follow_ups (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  on_date       date NOT NULL,
  staff_id      bigint REFERENCES staff (id) ON DELETE SET NULL,
  staff_name    text NOT NULL,     -- kept as written at the time, even if the account goes
  content       text NOT NULL,
  next_date     date,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_ups_enterprise_idx ON follow_ups (enterprise_id, on_date);

-- 已享受的稳岗政策
CREATE TABLE stability_policies (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  policy        text NOT NULL,
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  amount_yuan   numeric(14, 2) CHECK (amount_yuan >= 0),
  note          text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stability_policies_enterprise_idx ON stability_policies (enterprise_id, year);

-- 裁员情况; reported_art41 = the 劳动合同法第四十一条 report to the labor department was made.
CREATE TABLE layoffs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id  bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  on_date        date NOT NULL,
  count          integer NOT NULL CHECK (count > 0),
  reason         text NOT NULL,
  reported_art41 boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX layoffs_enterprise_idx ON layoffs (enterprise_id, on_date);

CREATE TABLE notices (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title       text NOT NULL,
  body        text NOT NULL,
  topic       text,
  created_by  bigint REFERENCES staff (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per notice × recipient × channel; workers claim rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id       bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
  contact_id      bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  channel         text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'cancelled')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by      text,
  claimed_at      timestamptz,
  last_error      text,
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notice_id, contact_id, channel)
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_claimed_idx ON outbox (claimed_at) WHERE status = 'claimed';

-- Each send attempt, successful or not.
CREATE TABLE deliveries (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id           bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  attempted_at        timestamptz NOT NULL DEFAULT now(),
  worker              text NOT NULL,
  ok                  boolean NOT NULL,
  provider_message_id text,
  error               text
);
CREATE INDEX deliveries_outbox_idx ON deliveries (outbox_id);

CREATE TABLE subscriptions (
  contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  topic      text NOT NULL,
  muted      boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contact_id, topic)
);
CREATE INDEX subscriptions_topic_idx ON subscriptions (topic) WHERE NOT muted;

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  staff_id    bigint REFERENCES staff (id) ON DELETE SET NULL,
  action      text NOT NULL,
  target_type text,
  target_id   text,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
