import { describe, expect, it } from 'vitest';
import {
  createThemeStore,
  effectiveTheme,
  readChoice,
  THEME_STORAGE_KEY,
  type ThemeEnv,
} from '../../renderer/src/stores/theme';

function fakeEnv(stored: string | null): ThemeEnv & {
  data: Map<string, string>;
  root: { dataset: Record<string, string | undefined> };
} {
  const data = new Map<string, string>();
  if (stored !== null) data.set(THEME_STORAGE_KEY, stored);
  return {
    data,
    storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) },
    root: { dataset: {} },
  };
}

describe('theme choice', () => {
  it('starts from the stored choice and applies it to the root element', () => {
    const env = fakeEnv('dark');
    const store = createThemeStore(env);
    expect(store.getState().choice).toBe('dark');
    expect(env.root.dataset.theme).toBe('dark');
  });

  it('treats a missing or unknown stored value as System', () => {
    expect(readChoice(fakeEnv(null).storage)).toBe('system');
    expect(readChoice(fakeEnv('sepia').storage)).toBe('system');
    expect(readChoice(null)).toBe('system');
  });

  it('keeps a manual choice, and System removes the attribute so the media query rules', () => {
    const env = fakeEnv(null);
    const store = createThemeStore(env);
    store.getState().setChoice('light');
    expect(env.root.dataset.theme).toBe('light');
    expect(env.data.get(THEME_STORAGE_KEY)).toBe('light');
    store.getState().setChoice('system');
    expect(env.root.dataset.theme).toBeUndefined();
    expect(env.data.get(THEME_STORAGE_KEY)).toBe('system');
  });

  it('still switches when storage refuses to write', () => {
    const env = fakeEnv(null);
    env.storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('quota');
      },
    };
    const store = createThemeStore(env);
    store.getState().setChoice('dark');
    expect(store.getState().choice).toBe('dark');
    expect(env.root.dataset.theme).toBe('dark');
  });

  it('follows the system only while the choice is System', () => {
    expect(effectiveTheme('system', true)).toBe('dark');
    expect(effectiveTheme('system', false)).toBe('light');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });
});
