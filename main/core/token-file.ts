// `--token-file` holds either the bare admin token or the backend's tokens.json
// ({ url, tokens: { owner, … } }), in which case the owner token is used.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/errors';

const TokensJson = z.object({
  url: z.string().optional(),
  tokens: z.object({ owner: z.string().min(1) }).passthrough(),
});

export interface TokenFileContent {
  token: string;
  /** The backend URL when the file is a tokens.json. */
  url?: string;
}

export function readTokenFile(path: string): TokenFileContent {
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
    if (!parsed.success) {
      throw new AppError('E_VALIDATION', `The token file ${path} is JSON but has no tokens.owner.`);
    }
    return parsed.data.url === undefined
      ? { token: parsed.data.tokens.owner }
      : { token: parsed.data.tokens.owner, url: parsed.data.url };
  }
  if (!text) throw new AppError('E_VALIDATION', `The token file ${path} is empty.`);
  return { token: text };
}
