// Admin API tokens: handed out in clear once, stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../shared/domain';

export const ROLES: readonly Role[] = ['owner', 'approver', 'analyst', 'viewer'];
export type RoleTokens = Record<Role, string>;

export function newToken(): string {
  return `zta_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newEpoch(): string {
  return randomBytes(12).toString('base64url');
}
