// How a zod validation failure reads as text: one rule for the console, the CLI and the backend,
// so an admin sees the same "field: problem" wording whichever side refused the value.
// Pure TypeScript + zod: no node:*, no DOM.
import type { z } from 'zod';

export interface IssueFormat {
  /** At most this many problems are listed (default: all). */
  max?: number;
  /** The name given to a problem with the whole value (empty path); none: the bare message. */
  root?: string;
  /** How a field's dotted path is shown (the CLI shows its flag names). */
  label?: (path: string) => string;
}

/** One `path: message` per problem, repeated lines once (two checks can report the same field). */
export function issueLines(error: z.ZodError, format: IssueFormat = {}): string[] {
  const { max, root, label = (p: string) => p } = format;
  const lines = error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    if (path) return `${label(path)}: ${i.message}`;
    return root ? `${root}: ${i.message}` : i.message;
  });
  return [...new Set(lines)].slice(0, max);
}

/** The problems on one line, `; `-separated. */
export function describeIssues(error: z.ZodError, format: IssueFormat = {}): string {
  return issueLines(error, format).join('; ');
}

/** The problems as data (error details, logs): path and message, never the value. */
export function issueList(error: z.ZodError, max?: number): { path: string; message: string }[] {
  return error.issues.slice(0, max).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
