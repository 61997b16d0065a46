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
  // A role that is not one of ours is refused: falling back to the owner's token would widen a
  // typo into the most powerful role.
  const role = Role.safeParse(env.ZTA_BACKEND_ROLE ?? 'owner');
  if (!role.success)
    return {
      ok: false,
      error: {
        code: 'E_VALIDATION',
        message: `ZTA_BACKEND_ROLE=${String(env.ZTA_BACKEND_ROLE).slice(0, 40)} is not a role (${Role.options.join(', ')}).`,
      },
    };
  const token = readTokenFile(tokenFile, role.data).token;
  return core.invoke('session:signIn', { backendUrl, token });
}
