import type { StaffRole } from '../ledger/index.js';

/**
 * What each role may do. viewer: read everything. coordinator: also review replies, follow up, edit the
 * ledger and broadcast notices. admin: also staff accounts and the knowledge base.
 */
const RANK: Record<StaffRole, number> = { viewer: 0, coordinator: 1, admin: 2 };

export function hasRole(role: StaffRole, needed: StaffRole): boolean {
  return RANK[role] >= RANK[needed];
}
