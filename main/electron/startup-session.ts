// When `npm start` launched us next to the embedded demo backend (or with --backend), it passes
// the backend URL and the token *file* (never the token itself) in the environment.
import type { Result } from '../../shared/errors';
import { readTokenFile } from '../core/token-file';

interface Invoker {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
}

export async function signInFromEnvironment(
  core: Invoker,
  env = process.env,
): Promise<Result<unknown> | null> {
  const backendUrl = env.ZTA_BACKEND_URL;
  const tokenFile = env.ZTA_BACKEND_TOKEN_FILE;
  if (!backendUrl || !tokenFile) return null;
  return core.invoke('session:signIn', { backendUrl, token: readTokenFile(tokenFile).token });
}
