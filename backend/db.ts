// Storage behind a small interface: PGlite (embedded, default) or a real PostgreSQL server.
// Both run the same SQL; only bulk loading differs (COPY from a blob vs. INSERT … unnest).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type SqlParam = string | number | boolean | null | Date | string[] | number[];

/** A column of a bulk load: name and PostgreSQL type (used to cast text on the pg path). */
export interface BulkColumn {
  name: string;
  type: string;
}

/** One bulk-load row: text values in column order (null = SQL NULL). */
export type BulkRow = (string | null)[];

export interface BackendDbQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Insert many rows at once (fast path; one chunk ≈ 50k rows). */
  bulkLoad(table: string, columns: BulkColumn[], rows: BulkRow[]): Promise<void>;
}

export interface BackendDb extends BackendDbQueryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: BackendDbQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** CSV (RFC 4180, PostgreSQL `FORMAT csv`): NULL is an unquoted empty field, '' is quoted. */
export function toCsv(rows: BulkRow[]): string {
  const parts: string[] = [];
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      if (i > 0) line += ',';
      const v = row[i];
      if (v === null || v === undefined) continue;
      if (v === '' || /[",\n\r]/.test(v)) line += '"' + v.replace(/"/g, '""') + '"';
      else line += v;
    }
    parts.push(line);
  }
  return parts.join('\n') + '\n';
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`bad SQL identifier: ${name}`);
  return name;
}

// ---------------------------------------------------------------------------------------------
// PGlite

interface PgliteLike {
  query<T>(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function pgliteQueryable(conn: PgliteLike): BackendDbQueryable {
  return {
    async query<T>(sql: string, params: SqlParam[] = []) {
      const res = await conn.query<T>(sql, params);
      return res.rows;
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    async bulkLoad(table, columns, rows) {
      if (rows.length === 0) return;
      const cols = columns.map((c) => ident(c.name)).join(', ');
      await conn.query(`COPY ${ident(table)} (${cols}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([toCsv(rows)]),
      });
    },
  };
}

export async function openPglite(dataDir?: string): Promise<BackendDb> {
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const base = pgliteQueryable(pglite);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pglite.transaction((tx) => fn(pgliteQueryable(tx))),
    close: () => pglite.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL server (node-postgres)

interface PgClientLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

function pgQueryable(client: PgClientLike): BackendDbQueryable {
  return {
    async query<T>(sql: string, params: SqlParam[] = []) {
      const res = await client.query(sql, params);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async bulkLoad(table, columns, rows) {
      if (rows.length === 0) return;
      const cols = columns.map((c) => ident(c.name));
      // Parameter count stays fixed (one array per column); slice very large chunks anyway.
      const SLICE = 20_000;
      for (let start = 0; start < rows.length; start += SLICE) {
        const slice = rows.slice(start, start + SLICE);
        const arrays = columns.map((_, i) => slice.map((r) => r[i] ?? null));
        const select = columns.map((c, i) => `u.c${i}::${c.type}`).join(', ');
        const unnestArgs = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
        const alias = columns.map((_, i) => `c${i}`).join(', ');
        await client.query(
          `INSERT INTO ${ident(table)} (${cols.join(', ')}) SELECT ${select} FROM unnest(${unnestArgs}) AS u(${alias})`,
          arrays,
        );
      }
    },
  };
}

export async function openPostgres(databaseUrl: string): Promise<BackendDb> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  // An idle client whose connection the server ends (restart, pg_terminate_backend, DROP DATABASE
  // … WITH (FORCE)) emits 'error' on the pool; unhandled, that event would crash the process. The
  // pool discards that client, and the next query gets a fresh one or fails with its own error.
  pool.on('error', () => undefined);
  // Fail fast on a bad URL.
  const probe = await pool.connect();
  probe.release();
  const base = pgQueryable(pool);
  return {
    kind: 'postgres',
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(pgQueryable(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function openDb(opts: { dataDir?: string; databaseUrl?: string }): Promise<BackendDb> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
