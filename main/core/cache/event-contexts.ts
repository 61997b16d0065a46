// The dimension of event contexts (schema v5: `event_contexts`, with its FTS5 table kept by
// triggers): an event's person, IP, device, OS and app, stored once per distinct combination.
// The event writer resolves each context of a page to its key here, inserting it the first time.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { EventContextWire } from '../../../shared/protocol';
import { ipKey } from '../../../shared/ipnet';

interface KnownContext {
  subjectId: string;
  username: string;
  deviceName: string;
  osVersion: string;
  k: number;
}

export class EventContexts {
  /**
   * Contexts known to exist in the database, by device → IP → app (nested maps: no key string is
   * built per event); the other attributes are compared on the few candidates.
   */
  private known = new Map<string, Map<string, Map<string, KnownContext[]>>>();
  private readonly findContext: Statement<unknown[]>;
  private readonly insertContext: Statement<unknown[]>;

  constructor(private readonly db: Database) {
    this.findContext = db
      .prepare(
        `SELECT k FROM event_contexts WHERE subject_id = ? AND username = ? AND ip = ? AND device_id = ?
           AND device_name = ? AND os_version = ? AND app = ?`,
      )
      .pluck();
    this.insertContext = db.prepare(
      `INSERT INTO event_contexts (subject_id, username, ip, ip4, ip6, device_id, device_name, os_version, app)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** The context's key, inserting the context the first time it is met. */
  keyOf(c: EventContextWire): number {
    const [subjectId, username, ip, deviceId, deviceName, osVersion, app] = c;
    let byIp = this.known.get(deviceId);
    if (!byIp) this.known.set(deviceId, (byIp = new Map()));
    let byApp = byIp.get(ip);
    if (!byApp) byIp.set(ip, (byApp = new Map()));
    const candidates = byApp.get(app);
    if (candidates) {
      for (const known of candidates)
        if (
          known.subjectId === subjectId &&
          known.username === username &&
          known.deviceName === deviceName &&
          known.osVersion === osVersion
        )
          return known.k;
    }
    let k = this.findContext.get(...c) as number | undefined;
    if (k === undefined) {
      const key = ipKey(ip);
      k = Number(
        this.insertContext.run(
          subjectId,
          username,
          ip,
          key.ip4,
          key.ip6,
          deviceId,
          deviceName,
          osVersion,
          app,
        ).lastInsertRowid,
      );
    }
    const known: KnownContext = { subjectId, username, deviceName, osVersion, k };
    if (candidates) candidates.push(known);
    else byApp.set(app, [known]);
    return k;
  }

  /** Deletes contexts no event refers to any more (their counts are kept by the event triggers). */
  dropUnused(): void {
    if (this.db.prepare('DELETE FROM event_contexts WHERE events <= 0').run().changes > 0) this.forget();
  }

  /** Forgets the known keys (a rolled-back transaction or a delete may have invalidated them). */
  forget(): void {
    this.known.clear();
  }
}
