-- 009: conversation state shared by every process on one database (issue 15, points 1 and 2).
-- Behind a round-robin balancer each message of a chat may reach another process, so what the engine
-- remembers between messages, the per-contact limit and the messages waiting for a browser are rows.
-- Every row carries its expiry; expired rows are never read and are swept (src/ledger/sweep.ts).

-- What the engine remembers about one chat (scope 'session': history, onboarding draft, offered
-- choices, recently handled message ids) and where an open hand-off's user is (scope 'handoff-route').
-- value is validated with zod when read (src/assistant/storage.ts).
CREATE TABLE chat_state (
  scope      text NOT NULL,
  key        text NOT NULL,
  value      jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX chat_state_expires_idx ON chat_state (expires_at);

-- Sliding one-window limits (messages per contact, per client address): the times of the messages
-- let through inside the window, oldest first.
CREATE TABLE rate_limits (
  key        text PRIMARY KEY,
  hits       timestamptz[] NOT NULL DEFAULT '{}',
  expires_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_expires_idx ON rate_limits (expires_at);

-- One atomic check-and-count: true (and counted) when fewer than p_limit messages were let through in
-- the last p_window_ms. The row lock serialises concurrent messages of one key from any process.
CREATE FUNCTION take_rate_limit(p_key text, p_limit integer, p_window_ms double precision)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_window interval := p_window_ms * interval '1 millisecond';
  v_now timestamptz;
  v_hits timestamptz[];
  v_recent timestamptz[];
BEGIN
  INSERT INTO rate_limits (key, expires_at) VALUES (p_key, clock_timestamp() + v_window) ON CONFLICT (key) DO NOTHING;
  SELECT hits INTO v_hits FROM rate_limits WHERE key = p_key FOR UPDATE;
  -- Read after the lock: a message that waited for another is judged at its own time.
  v_now := clock_timestamp();
  SELECT coalesce(array_agg(h ORDER BY h), '{}') INTO v_recent FROM unnest(v_hits) h WHERE h > v_now - v_window;
  IF coalesce(array_length(v_recent, 1), 0) >= p_limit THEN
    UPDATE rate_limits SET hits = v_recent, expires_at = v_recent[array_length(v_recent, 1)] + v_window WHERE key = p_key;
    RETURN false;
  END IF;
  -- An upsert: the sweep may have removed the (expired) row since it was locked.
  INSERT INTO rate_limits (key, hits, expires_at) VALUES (p_key, v_recent || v_now, v_now + v_window)
    ON CONFLICT (key) DO UPDATE SET hits = excluded.hits, expires_at = excluded.expires_at;
  RETURN true;
END $$;

-- Messages for a web chat visitor outside an answer (staff replies, hand-off notices, policy notices,
-- reminders). Any process writes them; the process holding the visitor's event stream is woken by
-- NOTIFY and sends them on. chat_id is the one-way hash of the visitor's secret (bots/web/visitor.ts).
CREATE TABLE web_messages (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chat_id    text NOT NULL,
  reply      jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX web_messages_chat_idx ON web_messages (chat_id, id);
CREATE INDEX web_messages_expires_idx ON web_messages (expires_at);

-- A chat's earlier exchanges (the web chat's history after a reload) and its open hand-off are read by contact.
CREATE INDEX consultations_contact_idx ON consultations (contact_id, asked_at);
