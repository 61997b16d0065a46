// `node --import` this file to prove a process runs without a TypeScript loader: resolving `tsx`
// (or any of its subpaths) or loading a `.ts` file throws. Worker threads inherit --import from
// execArgv, so the cache worker is held to the same rule.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/'))
    throw Object.assign(new Error('tsx is not available at run time: ' + specifier), { code: 'ERR_MODULE_NOT_FOUND' });
  const resolved = await next(specifier, context);
  if (/\\.[cm]?ts$/.test(new URL(resolved.url).pathname))
    throw new Error('TypeScript source loaded at run time: ' + resolved.url);
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
