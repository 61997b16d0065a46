import { describe, expect, it } from 'vitest';
import { ByteChunk, isoInstantWriter } from '../../main/core/export/byte-chunk';

describe('isoInstantWriter', () => {
  it('writes what Date#toISOString writes, or declines', () => {
    const write = isoInstantWriter();
    const out = new Uint8Array(24);
    const instants = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.parse('2026-10-20T23:59:59.999Z'),
      Date.parse('2024-02-29T12:34:56.078Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      -1,
      -86_400_001,
    ];
    // A spread of instants, out of order too (the day prefix changes back and forth).
    for (let i = 0; i < 2000; i++) instants.push(Math.floor(((i * 7919) % 2000) * 1.3e9 - 3e11));
    for (const ms of instants) {
      expect(write(ms, out)).toBe(true);
      expect(Buffer.from(out).toString('latin1')).toBe(new Date(ms).toISOString());
    }
    // Years beyond 9999 or before 0 have a longer ISO form; fractions are not instants of the cache.
    expect(write(Date.parse('+010000-01-01T00:00:00.000Z'), out)).toBe(false);
    expect(write(Date.parse('-000001-01-01T00:00:00.000Z'), out)).toBe(false);
    expect(write(1.5, out)).toBe(false);
  });
});

describe('ByteChunk', () => {
  it('hands each chunk over whole and grows for a row larger than a chunk', () => {
    const c = new ByteChunk(8);
    c.reserve(3);
    c.text('ab');
    c.byte(0x2c);
    const first = c.take();
    const long = 'é'.repeat(20);
    c.reserve(3 * long.length + 1);
    c.text(long);
    c.bytes(Buffer.from('!'));
    const second = c.take();
    expect(first.toString('utf8')).toBe('ab,');
    expect(second.toString('utf8')).toBe(`${long}!`);
  });
});
