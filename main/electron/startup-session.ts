// When `npm start` launched us next to the embedded demo backend (or with --backend), it passes
// the backend URL and the token *file* (never the token itself) in the environment.
import type { Result } from '../../shared/errors';
import { readTokenFile } from '../core/token-file';
import { Role } from '../../shared/domain';

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
  const role = Role.safeParse(env.ZTA_BACKEND_ROLE ?? 'owner');
  const token = readTokenFile(tokenFile, role.success ? role.data : 'owner').token;
  return core.invoke('session:signIn', { backendUrl, token });
}
