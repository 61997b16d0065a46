// Lines written straight into a chunk of bytes, for the access events (the bulk of a bundle):
// fragments that repeat (a context's columns, a decision, a flag set) are encoded once and copied,
// the row's own text is UTF-8 encoded into place, and an ISO instant is written digit by digit.
// Building a string per row and joining and encoding them per chunk cost about as much as reading
// the rows from the cache (the profile of issue 12's bench: string flattening, encoding, GC).

/** The UTF-8 bytes of a fragment written into many rows. */
export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** One chunk being filled; `take` hands it over (never touched again) and starts a new one. */
export class ByteChunk {
  private buf: Buffer;
  pos = 0;

  constructor(private readonly size: number) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Makes room for `bytes` more: the caller then writes at most that many. */
  reserve(bytes: number): void {
    if (this.pos + bytes > this.buf.length) {
      // Only a row larger than a whole chunk gets here with an empty chunk: a buffer of its own.
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.size, this.pos + bytes));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Text of at most `reserve`d size: UTF-8 is at most 3 bytes per UTF-16 unit. */
  text(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafeSlow(this.size);
    this.pos = 0;
    return out;
  }
}

/** The most bytes `s` takes in UTF-8. */
export const maxUtf8 = (s: string) => 3 * s.length;

const DAY_MS = 86_400_000;

/**
 * Writes `new Date(ms).toISOString()` as 24 ASCII bytes into `out` (reused), from a per-day prefix
 * (`YYYY-MM-DDT`, computed once a day by Date) and the time of day's digits. Returns false for an
 * instant whose ISO form is not 24 characters (years before 0 or after 9999): write the string.
 */
export function isoInstantWriter(): (ms: number, out: Uint8Array) => boolean {
  let day = NaN;
  let prefixOk = false;
  const prefix = new Uint8Array(11);
  return (ms, out) => {
    if (!Number.isInteger(ms)) return false;
    const d = Math.floor(ms / DAY_MS);
    if (d !== day) {
      const iso = new Date(d * DAY_MS).toISOString();
      day = d;
      prefixOk = iso.length === 24;
      if (prefixOk) for (let i = 0; i < 11; i++) prefix[i] = iso.charCodeAt(i);
    }
    if (!prefixOk) return false;
    out.set(prefix, 0);
    let r = ms - d * DAY_MS;
    const milli = r % 1000;
    r = (r - milli) / 1000;
    const sec = r % 60;
    r = (r - sec) / 60;
    const min = r % 60;
    const hour = (r - min) / 60;
    two(out, 11, hour);
    out[13] = 58; // :
    two(out, 14, min);
    out[16] = 58;
    two(out, 17, sec);
    out[19] = 46; // .
    out[20] = 48 + Math.floor(milli / 100);
    out[21] = 48 + (Math.floor(milli / 10) % 10);
    out[22] = 48 + (milli % 10);
    out[23] = 90; // Z
    return true;
  };
}

function two(out: Uint8Array, at: number, v: number) {
  out[at] = 48 + Math.floor(v / 10);
  out[at + 1] = 48 + (v % 10);
}
