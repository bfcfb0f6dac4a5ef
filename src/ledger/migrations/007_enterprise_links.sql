-- 007: linking a chat contact to an enterprise that is already registered (issue 14, item 5).
-- Knowing an enterprise's 统一社会信用代码 is no proof (it is printed on the licence): the office
-- either hands out a single-use, expiring 绑定码, or approves the contact's request in the console.

-- A code staff issued for one enterprise. Only the SHA-256 of the code is kept.
CREATE TABLE enterprise_bind_codes (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id       bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  code_hash           text NOT NULL UNIQUE,
  created_by          bigint REFERENCES staff (id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  used_at             timestamptz,
  used_by_contact_id  bigint REFERENCES contacts (id) ON DELETE SET NULL
);
CREATE INDEX enterprise_bind_codes_enterprise_idx ON enterprise_bind_codes (enterprise_id, expires_at);

-- A contact asking to be linked; staff who may edit enterprises approve or reject it.
CREATE TABLE contact_link_requests (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id     bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  enterprise_id  bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
  role           text NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_at   timestamptz NOT NULL DEFAULT now(),
  decided_by     bigint REFERENCES staff (id) ON DELETE SET NULL,
  decided_at     timestamptz
);
-- One open request per contact and enterprise.
CREATE UNIQUE INDEX contact_link_requests_pending_idx ON contact_link_requests (contact_id, enterprise_id) WHERE status = 'pending';
CREATE INDEX contact_link_requests_enterprise_idx ON contact_link_requests (enterprise_id, status);
