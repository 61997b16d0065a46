// Saved views: named, saved filters (unique by name, listed in case-insensitive order).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';
import type { SavedView } from '../../../shared/contract-logs';
import { AppError } from '../../../shared/errors';

interface ViewRow {
  id: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
}
const toView = (r: ViewRow): SavedView => ({
  id: r.id,
  name: r.name,
  query: JSON.parse(r.query) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listViews(db: Database): { views: SavedView[] } {
  return {
    views: (db.prepare('SELECT * FROM saved_views ORDER BY name COLLATE NOCASE').all() as ViewRow[]).map(
      toView,
    ),
  };
}

export function saveView(
  db: Database,
  v: { id?: string | undefined; name: string; query: Record<string, unknown> },
): SavedView {
  const now = new Date().toISOString();
  return db.transaction(() => {
    const existing = (
      v.id !== undefined
        ? db.prepare('SELECT * FROM saved_views WHERE id = ?').get(v.id)
        : db.prepare('SELECT * FROM saved_views WHERE name = ?').get(v.name)
    ) as ViewRow | undefined;
    if (v.id !== undefined && !existing)
      throw new AppError('E_NOT_FOUND', 'That saved view no longer exists.');
    const clash = db.prepare('SELECT id FROM saved_views WHERE name = ?').pluck().get(v.name) as
      string | undefined;
    if (clash !== undefined && clash !== existing?.id)
      throw new AppError('E_VALIDATION', `A view named "${v.name}" already exists.`);
    const id = existing?.id ?? randomUUID();
    db.prepare(
      `INSERT INTO saved_views (id, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, query = excluded.query, updated_at = excluded.updated_at`,
    ).run(id, v.name, JSON.stringify(v.query), existing?.created_at ?? now, now);
    return toView(db.prepare('SELECT * FROM saved_views WHERE id = ?').get(id) as ViewRow);
  })();
}

export function deleteView(db: Database, id: string): { deleted: boolean } {
  return { deleted: db.prepare('DELETE FROM saved_views WHERE id = ?').run(id).changes > 0 };
}
