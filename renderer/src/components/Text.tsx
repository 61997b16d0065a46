// Backend strings are hostile: rendered as text only, bidi-isolated (<bdi> + unicode-bidi:
// isolate in styles.css) so right-to-left overrides cannot reorder their neighbours, with the
// full value in a tooltip. Control characters are shown as visible escapes (logs/text.ts).
import type { Flag } from '../logs/api';
import { inert } from '../logs/text';
import { FLAG_EXPLANATIONS, FLAG_LABELS } from '../logs/flag-text';

export { inert };

export function Text({ value, className }: { value: string | null | undefined; className?: string }) {
  if (value === null || value === undefined || value === '') return <span className="none">—</span>;
  const shown = inert(value);
  return (
    <bdi className={className ?? 'cell-text'} title={shown}>
      {shown}
    </bdi>
  );
}

/**
 * The one inert rendering of a text that comes from data (issue 14, item 11), used in every
 * room: control and bidi characters shown as visible escapes, the whole bidi-isolated, so a
 * U+202E in a name or a history entry cannot reverse what follows it on screen.
 */
export function Inert({ value, className }: { value: string | null | undefined; className?: string }) {
  return <bdi className={className}>{inert(value ?? '')}</bdi>;
}

export function FlagBadges({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  return (
    <span className="flag-list">
      {flags.map((f) => (
        <span
          key={f.kind}
          className={`flag flag-${f.kind.replace(/[^a-z0-9_-]/gi, '')}`}
          title={FLAG_EXPLANATIONS[f.kind]}
        >
          {FLAG_LABELS[f.kind]}
        </span>
      ))}
    </span>
  );
}
