-- 007: the office console (issue 7): sign-in sessions and staff reviews of bot replies.
-- Numbered after the issue so migrations added in parallel by other issues do not collide.

-- One row per signed-in browser. The cookie holds a random token; only its SHA-256 is stored here.
CREATE TABLE staff_sessions (
  token_hash  text PRIMARY KEY,
  staff_id    bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  user_agent  text NOT NULL DEFAULT ''
);
CREATE INDEX staff_sessions_staff_idx ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires_idx ON staff_sessions (expires_at);

-- A coordinator's verdict on a bot reply: right, or wrong with the corrected answer.
CREATE TABLE consultation_reviews (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consultation_id  bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  staff_id         bigint REFERENCES staff (id) ON DELETE SET NULL,
  staff_name       text NOT NULL,
  verdict          text NOT NULL CHECK (verdict IN ('right', 'wrong')),
  corrected_answer text,
  note             text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (verdict = 'right' OR (corrected_answer IS NOT NULL AND length(corrected_answer) > 0))
);
CREATE INDEX consultation_reviews_consultation_idx ON consultation_reviews (consultation_id, id);
