// Text every store in the chain can keep: PostgreSQL's text and jsonb refuse U+0000, and a lone
// UTF-16 surrogate has no UTF-8 form (it is replaced or refused depending on the driver). Such a
// string is refused at the boundary with a typed error, never discovered as an HTTP 500 later.
// Pure TypeScript: no node:*, no DOM.

/** A NUL, or a surrogate half without its partner. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** Deepest nesting walked; deeper values are reported as unstorable (they are never legitimate). */
export const MAX_WALK_DEPTH = 32;

/**
 * The path of the first string (or object key) in `value` that cannot be stored, or null.
 * Iterative with a depth bound, so a hostile 5,000-level value cannot overflow the stack.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path || '(value)';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_WALK_DEPTH) return path || '(value)';
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (!isStorableText(k)) return p;
      stack.push({ v: child, path: p, depth: depth + 1 });
    }
  }
  return null;
}

export const UNSTORABLE_TEXT_MESSAGE =
  'contains a character that cannot be stored (NUL or a broken UTF-16 surrogate); remove it and try again';
