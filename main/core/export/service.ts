// Export bundles as the console offers them (runs in the cache worker): build with progress and
// cancel, record in the registry and in the request's history (a `request.note` action), list,
// and *Mark delivered* (an `export.delivered` action through the outbox).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomInt, randomUUID } from 'node:crypto';
import type { ActionIntent } from '../../../shared/action-schemas';
import type {
  BundleProgressEvent,
  ExportBundleResult,
  ExportRecord as ContractExportRecord,
  BundleEncryption,
} from '../../../shared/contract-bundles';
import { AppError } from '../../../shared/errors';
import { assertStrongPassphrase } from '../passphrase-strength';
import type { OutboxEntry } from '../../../shared/contract-requests';
import { buildBundle } from './bundle';
import { bundleDisclosures } from './disclosures';
import { getExport, listExports, markExportDelivered, recordExport, type ExportRecord } from './registry';

// No 0/O, 1/I/L: read aloud or typed from a phone without confusion. 24 of 31 symbols ≈ 119 bits.
const PASSPHRASE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A passphrase for one bundle: six groups of four, e.g. `K7QM-…`. Never stored. */
export function generatePassphrase(): string {
  const groups: string[] = [];
  for (let g = 0; g < 6; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += PASSPHRASE_ALPHABET[randomInt(PASSPHRASE_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

const toContract = (r: ExportRecord): ContractExportRecord => ({
  id: r.id,
  subjectId: r.subjectId,
  requestId: r.requestId,
  path: r.path,
  createdAt: r.createdAt,
  bytes: r.bytes,
  sha256: r.sha256,
  encrypted: r.encrypted,
  caughtUp: r.caughtUp,
  deliveredAt: r.deliveredAt,
  deliveredVia: r.deliveredVia,
});

export interface ExportServiceDeps {
  db: Database;
  generator: { name: string; version: string };
  /** Queues an action (outbox row + audit entry) and tells the renderer. */
  enqueue: (intent: ActionIntent) => OutboxEntry;
  progress: (p: BundleProgressEvent) => void;
}

export class ExportService {
  private readonly running = new Map<string, { controller: AbortController; subjectId: string }>();
  constructor(private readonly deps: ExportServiceDeps) {}

  async bundle(input: {
    operationId: string;
    subjectId: string;
    requestId: string | null;
    outPath: string;
    encryption: BundleEncryption;
  }): Promise<ExportBundleResult> {
    if (this.running.has(input.operationId))
      throw new AppError('E_VALIDATION', 'An export with this operation id is already running.');
    const passphrase =
      input.encryption.mode === 'generated'
        ? generatePassphrase()
        : input.encryption.mode === 'typed'
          ? input.encryption.passphrase
          : null;
    // A typed passphrase is the admin's: refused before any file is written when it is weak.
    if (input.encryption.mode === 'typed')
      assertStrongPassphrase(input.encryption.passphrase, 'bundle passphrase');
    const controller = new AbortController();
    this.running.set(input.operationId, { controller, subjectId: input.subjectId });
    try {
      const built = await buildBundle(this.deps.db, {
        subjectId: input.subjectId,
        requestId: input.requestId,
        outPath: input.outPath,
        passphrase,
        disclosures: bundleDisclosures(this.deps.db),
        generator: this.deps.generator,
        signal: controller.signal,
        onProgress: (p) => this.deps.progress({ operationId: input.operationId, ...p }),
      });
      const record = recordExport(this.deps.db, {
        id: randomUUID(),
        subjectId: input.subjectId,
        requestId: input.requestId,
        path: built.path,
        createdAt: built.manifest.generatedAt,
        bytes: built.bytes,
        sha256: built.sha256,
        encrypted: built.encrypted,
        caughtUp: built.manifest.dataAsOf.caughtUp,
        dataAsOf: built.manifest.dataAsOf,
      });
      const warnings = [...built.warnings];
      if (input.requestId) {
        // The request's history records the export (pushed like any action).
        try {
          this.deps.enqueue({
            kind: 'request.note',
            requestId: input.requestId,
            payload: {
              text: `Export bundle made: ${built.bytes} bytes, SHA-256 ${built.sha256}, ${
                built.encrypted ? 'AES-256 encrypted' : 'not encrypted'
              }, data as of ${built.manifest.dataAsOf.lastCompleteSyncAt ?? 'no complete sync'}${
                built.manifest.dataAsOf.caughtUp ? '' : ' (not caught up)'
              }.`,
            },
          });
        } catch (err) {
          warnings.push(`The request's history could not record the export: ${(err as Error).message}`);
        }
      }
      return {
        export: toContract(record),
        passphrase: input.encryption.mode === 'generated' ? passphrase : null,
        warnings,
      };
    } finally {
      this.running.delete(input.operationId);
    }
  }

  cancel(operationId: string): { cancelled: boolean } {
    const c = this.running.get(operationId);
    if (!c) return { cancelled: false };
    c.controller.abort();
    return { cancelled: true };
  }

  /** Cancels every running export of a person being erased, saying why (no partial file stays). */
  cancelSubject(subjectId: string): number {
    let n = 0;
    for (const { controller, subjectId: s } of this.running.values()) {
      if (s !== subjectId) continue;
      controller.abort(
        new AppError(
          'E_EXPORT_CANCELLED',
          'The person was erased while this export ran: it was cancelled and no file was left behind.',
        ),
      );
      n++;
    }
    return n;
  }

  list(): { exports: ContractExportRecord[] } {
    return { exports: listExports(this.deps.db).map(toContract) };
  }

  /** *Mark delivered*: the request's `export.delivered` action (through the outbox), then the registry. */
  markDelivered(
    id: string,
    deliveredVia: 'secure_link' | 'email' | 'portal' | 'post' | 'other',
  ): ContractExportRecord {
    const rec = getExport(this.deps.db, id);
    if (rec.deliveredAt) return toContract(rec);
    if (rec.requestId)
      this.deps.enqueue({
        kind: 'export.delivered',
        requestId: rec.requestId,
        payload: { bundleSha256: rec.sha256, deliveredVia },
      });
    return toContract(markExportDelivered(this.deps.db, id, deliveredVia));
  }
}
