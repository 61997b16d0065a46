// The fast event serialiser (context fragments spliced into each row) against the plain one:
// JSON.stringify and csvRow of each BundleEvent, and summariseEvent event by event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { csvRow } from '../../main/core/export/csv-cell';
import { subjectEventPages, type BundleEvent } from '../../main/core/export/datasets';
import { emptyEventSummary, summariseEvent } from '../../main/core/export/documents';
import { eventChunkPairs, EVENTS_CSV } from '../../main/core/export/event-lines';
import type { AccessEvent, Subject } from '../../shared/domain';
import { addEvents, seededCache, upsertSubject, type SeededCache } from '../helpers/export-cache';

// The columns of access-events.csv, written out independently of the implementation.
const referenceCells = (e: BundleEvent) => [
  e.time,
  e.id,
  e.username,
  e.ip,
  e.deviceId,
  e.deviceName,
  e.osVersion,
  e.app,
  e.decision,
  e.reason,
  e.flags.join(' '),
];

let cache: SeededCache;
const HOSTILE = 'hostile-1';

beforeAll(() => {
  cache = seededCache({ users: 6, events: 3000, seed: 11 });
  const person: Subject = {
    ...cache.org.subjects[0]!,
    id: HOSTILE,
    username: '=cmd|"/C calc"!A0',
    email: 'hostile@example.test',
    devices: [
      { id: 'dev;1', name: 'laptop, "work"\nline', osVersion: '+1', firstSeenAt: '2026-01-01T00:00:00.000Z' },
      { id: 'dev-2', name: 'ÉtÉ ☃ \u0007bell', osVersion: '@os', firstSeenAt: '2026-01-01T00:00:00.000Z' },
    ],
  };
  upsertSubject(cache.store, person);
  const events: AccessEvent[] = Array.from({ length: 40 }, (_, i) => {
    const d = person.devices[i % 2]!;
    return {
      id: `h-ev-${i}-"q",`,
      time: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 61_000).toISOString(),
      subjectId: HOSTILE,
      username: person.username,
      ip: `10.0.0.${i % 3}`,
      deviceId: d.id,
      deviceName: d.name,
      osVersion: d.osVersion,
      app: i % 4 ? '-app' : 'mail;x',
      decision: i % 5 === 0 ? 'deny' : 'allow',
      reason: i % 5 === 0 ? (i % 10 ? 'posture, "failed"\r\n=1+2' : null) : null,
    };
  });
  addEvents(cache.store, events);
}, 120_000);

afterAll(() => {
  cache.store.db.close();
  rmSync(cache.dir, { recursive: true, force: true });
});

describe('eventChunkPairs', () => {
  it.each([
    ['a seeded person', 0, undefined] as const,
    ['a person with hostile strings', -1, undefined] as const,
    // Chunks smaller than a row: every row ends a chunk pair.
    ['a seeded person in tiny chunks', 0, 8] as const,
    ['a person with hostile strings in tiny chunks', -1, 8] as const,
  ])('writes %s byte for byte as JSON.stringify / csvRow, and the same summary', (_, which, chunk) => {
    const id = which === -1 ? HOSTILE : cache.org.subjects[which]!.id;
    const db = cache.store.db;
    const ndjson: string[] = [];
    const csv: string[] = [];
    const summary = emptyEventSummary();
    for (const [n, c] of eventChunkPairs(db, id, summary, undefined, chunk)) {
      ndjson.push(n.toString('utf8'));
      csv.push(c.toString('utf8'));
    }
    const expected = emptyEventSummary();
    const events = [...subjectEventPages(db, id, 7)].flat();
    for (const e of events) summariseEvent(expected, e);
    expect(events.length).toBeGreaterThan(which === -1 ? 39 : 0);
    const ndjsonLines = events.map((e) => `${JSON.stringify(e)}\n`);
    const csvLines = events.map((e) => csvRow(referenceCells(e)));
    expect(ndjson.join('')).toBe(ndjsonLines.join(''));
    expect(csv.join('')).toBe(csvLines.join(''));
    // Each row alone in its chunk pair: both sides of a pair end on the same event.
    if (chunk) {
      expect(ndjson).toEqual(ndjsonLines);
      expect(csv).toEqual(csvLines);
    }
    expect(summary).toEqual(expected);
    expect([...summary.byApp.keys()]).toEqual([...expected.byApp.keys()]);
    expect([...summary.devices.keys()]).toEqual([...expected.devices.keys()]);
    expect(EVENTS_CSV).toHaveLength(referenceCells(events[0]!).length);
  });
});
