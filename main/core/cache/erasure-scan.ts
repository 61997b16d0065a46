// Proof that a person is gone (issue 11), on the admin's own machine: every table of the cache
// — FTS5 shadow tables included — and every other file of the data folder, searched for each
// term. A hit is a case-insensitive substring of a text column, the term's bytes in a blob
// column or in a file. Hits in tables holding a dataset that an erasure receipt in this cache
// lists as retained are reported apart (`retained: true`): the policy kept them, with a citation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ErasureDataset } from '../../../shared/org-settings';
import { receiptOf } from '../../../shared/erasure';
import { RequestEvent } from '../../../shared/domain';
import { dataFilesOf } from './purge';

export interface ScanHit {
  term: string;
  /** `table` (a cache table) or `file` (a file of the data folder, relative path). */
  kind: 'table' | 'file';
  name: string;
  column: string | null;
  count: number;
  retained: boolean;
}

/** Which cache tables hold each dataset (what a `retain` keeps). */
const TABLES_OF: Record<ErasureDataset, readonly string[]> = {
  profile: ['subjects'],
  devices: ['subjects'],
  access_events: ['access_event_rows', 'event_contexts', 'event_contexts_fts_data', 'event_contexts_fts_idx'],
  request_history: ['request_events'],
};

/** Tables whose rows a receipt in this cache lists as retained. */
function retainedTables(db: Database): Set<string> {
  const out = new Set<string>();
  const rows = db
    .prepare("SELECT data FROM request_events WHERE json_extract(data, '$.kind') = 'erased'")
    .all() as {
    data: string;
  }[];
  for (const r of rows) {
    const e = RequestEvent.safeParse(JSON.parse(r.data));
    const receipt = e.success ? receiptOf(e.data.detail) : null;
    for (const o of receipt?.outcomes ?? []) {
      if (o.action === 'retained' && o.count > 0) for (const t of TABLES_OF[o.dataset]) out.add(t);
    }
  }
  return out;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Searches every table and every data-folder file for each term. */
export function scanForTerms(db: Database, dataDir: string | null, terms: readonly string[]): ScanHit[] {
  const hits: ScanHit[] = [];
  const retained = retainedTables(db);
  const wanted = terms.filter((t) => t.length > 0);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_xinfo(${quoteIdent(table)})`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    const counts = new Map<string, number>();
    const lowered = wanted.map((t) => [t, t.toLowerCase(), Buffer.from(t, 'utf8')] as const);
    for (const row of db
      .prepare(`SELECT * FROM ${quoteIdent(table)}`)
      .raw()
      .iterate() as Iterable<unknown[]>) {
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint') continue;
        for (const [term, lower, bytes] of lowered) {
          const hit =
            typeof v === 'string' ? v.toLowerCase().includes(lower) : Buffer.isBuffer(v) && v.includes(bytes);
          if (hit) {
            const key = `${term}\u0000${columns[i] ?? String(i)}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
        }
      }
    }
    for (const [key, count] of counts) {
      const [term, column] = key.split('\u0000') as [string, string];
      hits.push({ term, kind: 'table', name: table, column, count, retained: retained.has(table) });
    }
  }
  if (dataDir) {
    for (const rel of dataFilesOf(dataDir)) {
      let text: string;
      try {
        text = readFileSync(join(dataDir, rel)).toString('latin1').toLowerCase();
      } catch {
        continue;
      }
      for (const term of wanted) {
        const needle = Buffer.from(term.toLowerCase(), 'utf8').toString('latin1');
        let count = 0;
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
        if (count > 0) hits.push({ term, kind: 'file', name: rel, column: null, count, retained: false });
      }
    }
  }
  return hits;
}
