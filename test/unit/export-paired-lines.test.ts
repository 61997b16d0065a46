import { describe, expect, it } from 'vitest';
import { pairedChunks } from '../../main/core/export/paired-lines';

async function drain(src: AsyncIterable<string>, out: string[], lag = 0) {
  for await (const chunk of src) {
    out.push(chunk);
    // A slower consumer: lets the other side run ahead as far as it is allowed.
    for (let i = 0; i < lag; i++) await Promise.resolve();
  }
}

describe('pairedChunks', () => {
  it('reads the source once and gives each side its own chunks, in order', async () => {
    let reads = 0;
    function* pairs() {
      for (let i = 0; i < 1000; i++) {
        reads++;
        yield [`L${i}\n`, `R${i}\n`] as const;
      }
    }
    const [left, right] = pairedChunks(pairs());
    const l: string[] = [];
    const r: string[] = [];
    await Promise.all([drain(left, l), drain(right, r, 50)]);
    expect(reads).toBe(1000);
    expect(l).toEqual(Array.from({ length: 1000 }, (_, i) => `L${i}\n`));
    expect(r).toEqual(Array.from({ length: 1000 }, (_, i) => `R${i}\n`));
  });

  it('keeps the faster side within a few chunks of the slower one', async () => {
    let backlog = 0;
    let consumedRight = 0;
    let produced = 0;
    function* pairs() {
      for (let i = 0; i < 5000; i++) {
        produced++;
        backlog = Math.max(backlog, produced - consumedRight);
        yield ['x', 'y'] as const;
      }
    }
    const [left, right] = pairedChunks(pairs(), 4);
    const l: string[] = [];
    const slowRight = async () => {
      for await (const _chunk of right) {
        consumedRight++;
        for (let i = 0; i < 20; i++) await new Promise((res) => setImmediate(res));
      }
    };
    await Promise.all([drain(left, l), slowRight()]);
    expect(l).toHaveLength(5000);
    // Four chunks of backlog allowed, plus the one being handed over.
    expect(backlog).toBeLessThanOrEqual(5);
  });

  it('still works when the sides are read one after the other', async () => {
    const [left, right] = pairedChunks([['a', '1'] as const, ['b', '2'] as const], 1);
    const l: string[] = [];
    const r: string[] = [];
    await drain(left, l);
    await drain(right, r);
    expect(l.join('')).toBe('ab');
    expect(r.join('')).toBe('12');
  });
});
