import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { CONTACT_ROLES, contactsRepo, type Contact, type ContactRole } from './contacts.js';
import type { Db } from './db.js';
import { idSchema, parseInput } from './validate.js';

/**
 * 绑定码: the proof the office hands an enterprise's owner so a chat contact may link to an enterprise
 * that is already registered (its 统一社会信用代码 alone proves nothing: it is on the licence). A code
 * belongs to one enterprise, works once, expires after BIND_CODE_DAYS, and only its SHA-256 is stored.
 */
export const BIND_CODE_DAYS = 7;

/** No 0/O, 1/I/L: the code is read aloud on the phone and typed on a phone keyboard. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 10;

export interface BindCode {
  id: number;
  enterpriseId: number;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export type RedeemResult = { ok: true; contact: Contact; codeId: number } | { ok: false; reason: 'wrong' | 'used' | 'expired' };

/** A fresh code as shown to staff: ABCDE-23456. */
function newCode(): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/**
 * What the user typed, as a code to look up: full-width letters and digits folded, case, spaces and
 * dashes ignored. Undefined when it does not look like a code at all (a name, a sentence).
 */
export function normalizeBindCode(input: string): string | undefined {
  const s = input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-－—–_]/g, '')
    .toUpperCase();
  return /^[A-Z0-9]{4,20}$/.test(s) ? s : undefined;
}

function hashCode(normalized: string): string {
  return createHash('sha256').update(`bind-code:${normalized}`).digest('hex');
}

const LABELS: Record<string, string> = { enterpriseId: '企业', staffId: '工作人员', contactId: '联系人', role: '角色', code: '绑定码' };
const issueInput = z.strictObject({ enterpriseId: idSchema, staffId: idSchema.nullable(), now: z.date().optional() });
const redeemInput = z.strictObject({
  code: z.string().max(100),
  enterpriseId: idSchema,
  contactId: idSchema,
  role: z.enum(Object.keys(CONTACT_ROLES) as [ContactRole, ...ContactRole[]]),
  now: z.date().optional(),
});

const COLUMNS = `b.id, b.enterprise_id AS "enterpriseId", b.created_by AS "createdBy", s.display_name AS "createdByName",
  b.created_at AS "createdAt", b.expires_at AS "expiresAt", b.used_at AS "usedAt"`;

export function bindCodesRepo(db: Db) {
  return {
    /** A new code for the enterprise; the plain code is returned this once and never stored. */
    async issue(input: z.input<typeof issueInput>): Promise<{ id: number; code: string; expiresAt: Date }> {
      const i = parseInput(issueInput, input, '绑定码', LABELS);
      const now = i.now ?? new Date();
      const expiresAt = new Date(now.getTime() + BIND_CODE_DAYS * 86_400_000);
      const code = newCode();
      const rows = await db.query<{ id: number }>(
        `INSERT INTO enterprise_bind_codes (enterprise_id, code_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [i.enterpriseId, hashCode(normalizeBindCode(code)!), i.staffId, now, expiresAt],
      );
      return { id: rows[0]!.id, code, expiresAt };
    },

    /**
     * Use a code of this enterprise to link the contact: one statement marks the code used and links
     * the contact, so a code links exactly one contact even when two try it at once.
     */
    async redeem(input: z.input<typeof redeemInput>): Promise<RedeemResult> {
      const r = parseInput(redeemInput, input, '绑定码', LABELS);
      const normalized = normalizeBindCode(r.code);
      if (!normalized) return { ok: false, reason: 'wrong' };
      const now = r.now ?? new Date();
      const hash = hashCode(normalized);
      const linked = await db.query<{ codeId: number }>(
        `WITH used AS (
           UPDATE enterprise_bind_codes SET used_at = $3, used_by_contact_id = $4
           WHERE code_hash = $1 AND enterprise_id = $2 AND used_at IS NULL AND expires_at > $3
           RETURNING id, enterprise_id)
         UPDATE contacts c SET enterprise_id = used.enterprise_id, role = $5, updated_at = now()
         FROM used WHERE c.id = $4
         RETURNING used.id AS "codeId"`,
        [hash, r.enterpriseId, now, r.contactId, r.role],
      );
      if (linked[0]) return { ok: true, contact: (await contactsRepo(db).get(r.contactId))!, codeId: linked[0].codeId };
      const found = (await db.query<{ usedAt: Date | null; expiresAt: Date }>(
        `SELECT used_at AS "usedAt", expires_at AS "expiresAt" FROM enterprise_bind_codes WHERE code_hash = $1 AND enterprise_id = $2`,
        [hash, r.enterpriseId],
      ))[0];
      if (!found) return { ok: false, reason: 'wrong' };
      return { ok: false, reason: found.usedAt ? 'used' : 'expired' };
    },

    /** Codes of the enterprise still waiting to be used (for the console; never the code itself). */
    async listOpen(enterpriseId: number, now = new Date()): Promise<BindCode[]> {
      return db.query<BindCode>(
        `SELECT ${COLUMNS} FROM enterprise_bind_codes b LEFT JOIN staff s ON s.id = b.created_by
         WHERE b.enterprise_id = $1 AND b.used_at IS NULL AND b.expires_at > $2 ORDER BY b.expires_at`,
        [enterpriseId, now],
      );
    },
  };
}

export type BindCodesRepo = ReturnType<typeof bindCodesRepo>;
