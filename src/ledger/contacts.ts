import { z } from 'zod';
import type { Db } from './db.js';
import { LedgerNotFoundError, channelSchema, idSchema, parseInput, translateConstraintError, type Channel } from './validate.js';

export const CONTACT_ROLES = { owner: '负责人', hr: '人事', finance: '财务', manager: '管理人员', employee: '职工', other: '其他' } as const;
export type ContactRole = keyof typeof CONTACT_ROLES;

export interface Contact {
  id: number;
  channel: Channel;
  externalId: string;
  displayName: string;
  phone: string | null;
  enterpriseId: number | null;
  role: ContactRole;
  createdAt: Date;
  updatedAt: Date;
}

const LABELS: Record<string, string> = {
  channel: '渠道', externalId: '聊天账号', displayName: '称呼', phone: '手机号', enterpriseId: '企业', role: '角色',
};

const COLUMNS = `id, channel, external_id AS "externalId", display_name AS "displayName", phone,
  enterprise_id AS "enterpriseId", role, created_at AS "createdAt", updated_at AS "updatedAt"`;

const roleSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (Object.entries(CONTACT_ROLES).find(([, label]) => label === v.trim())?.[0] ?? v) : v),
  z.enum(Object.keys(CONTACT_ROLES) as [ContactRole, ...ContactRole[]], { error: `应为 ${Object.values(CONTACT_ROLES).join('、')} 之一` }),
);
const phoneSchema = z
  .string()
  .trim()
  .regex(/^(?:\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, { error: '应为手机号（如 13812345678）或带区号的固定电话' });

const upsertInput = z.strictObject({
  channel: channelSchema,
  externalId: z.string().trim().min(1).max(200),
  displayName: z.string().trim().max(100).optional(),
  phone: phoneSchema.nullable().optional(),
  enterpriseId: idSchema.nullable().optional(),
  role: roleSchema.optional(),
});

const linkInput = z.strictObject({ contactId: idSchema, enterpriseId: idSchema, role: roleSchema });

const FK = { contacts_enterprise_id_fkey: { field: 'enterpriseId', message: '企业不存在' } };

export function contactsRepo(db: Db) {
  return {
    /** Find-or-create a chat identity; given fields overwrite stored ones, absent fields are kept. */
    async upsert(input: z.input<typeof upsertInput>): Promise<Contact> {
      const c = parseInput(upsertInput, input, '联系人', LABELS);
      try {
        const rows = await db.query<Contact>(
          `INSERT INTO contacts (channel, external_id, display_name, phone, enterprise_id, role)
           VALUES ($1, $2, coalesce($3, ''), $4, $5, coalesce($6, 'other'))
           ON CONFLICT (channel, external_id) DO UPDATE SET
             display_name = coalesce($3, contacts.display_name),
             phone = CASE WHEN $7 THEN $4 ELSE contacts.phone END,
             enterprise_id = CASE WHEN $8 THEN $5 ELSE contacts.enterprise_id END,
             role = coalesce($6, contacts.role),
             updated_at = now()
           RETURNING ${COLUMNS}`,
          [c.channel, c.externalId, c.displayName ?? null, c.phone ?? null, c.enterpriseId ?? null, c.role ?? null,
            c.phone !== undefined, c.enterpriseId !== undefined],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '联系人', FK);
      }
    },

    async link(input: z.input<typeof linkInput>): Promise<Contact> {
      const l = parseInput(linkInput, input, '联系人', { ...LABELS, contactId: '联系人' });
      try {
        const rows = await db.query<Contact>(
          `UPDATE contacts SET enterprise_id = $2, role = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [l.contactId, l.enterpriseId, l.role],
        );
        if (!rows[0]) throw new LedgerNotFoundError('联系人', l.contactId);
        return rows[0];
      } catch (err) {
        throw translateConstraintError(err, '联系人', FK);
      }
    },

    async get(id: number): Promise<Contact | undefined> {
      return (await db.query<Contact>(`SELECT ${COLUMNS} FROM contacts WHERE id = $1`, [id]))[0];
    },

    async findByIdentity(channel: Channel, externalId: string): Promise<Contact | undefined> {
      return (await db.query<Contact>(`SELECT ${COLUMNS} FROM contacts WHERE channel = $1 AND external_id = $2`, [channel, externalId]))[0];
    },

    async listByEnterprise(enterpriseId: number): Promise<Contact[]> {
      return db.query<Contact>(`SELECT ${COLUMNS} FROM contacts WHERE enterprise_id = $1 ORDER BY id`, [enterpriseId]);
    },
  };
}

export type ContactsRepo = ReturnType<typeof contactsRepo>;
