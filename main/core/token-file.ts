// `--token-file` holds either the bare admin token or the backend's tokens.json
// ({ url, tokens: { owner, … } }), in which case the token of `role` is used (default owner).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/domain';

const TokensJson = z.object({
  url: z.string().optional(),
  tokens: z.record(z.string(), z.unknown()),
});

export interface TokenFileContent {
  token: string;
  /** The backend URL when the file is a tokens.json. */
  url?: string;
}

export function readTokenFile(path: string, role: Role = 'owner'): TokenFileContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new AppError('E_VALIDATION', `Cannot read the token file ${path}: ${(err as Error).message}`);
  }
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('E_VALIDATION', `The token file ${path} looks like JSON but does not parse.`);
    }
    const parsed = TokensJson.safeParse(json);
    const token = parsed.success ? parsed.data.tokens[role] : undefined;
    if (!parsed.success || typeof token !== 'string' || token.length === 0) {
      throw new AppError('E_VALIDATION', `The token file ${path} is JSON but has no tokens.${role}.`);
    }
    return parsed.data.url === undefined ? { token } : { token, url: parsed.data.url };
  }
  if (!text) throw new AppError('E_VALIDATION', `The token file ${path} is empty.`);
  return { token: text };
}
