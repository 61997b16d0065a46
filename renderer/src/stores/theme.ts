// Light and dark themes (issue 16). The choice — System, Light or Dark — is this workstation's
// preference, not the organisation's, so it lives in localStorage (the console's synced settings
// are shared by every admin). "System" follows `prefers-color-scheme`; a manual choice sets
// `data-theme` on <html>, which styles.css reads. Charts ask `effectiveTheme` to redraw.
import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';

export const ThemeChoice = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof ThemeChoice>;
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'zta.theme';
export const THEME_LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

// Structural types rather than the DOM's: node unit tests compile this module without the DOM
// library, and hand it fakes.
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
interface MediaQueryLike {
  matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
  removeEventListener(type: 'change', listener: () => void): void;
}
interface BrowserGlobals {
  document?: { documentElement: { dataset: Record<string, string | undefined> } };
  localStorage?: KeyValueStorage;
  matchMedia?: (query: string) => MediaQueryLike;
}
const browser = globalThis as BrowserGlobals;

/** The storage the choice is kept in; null where there is none (tests, a locked-down profile). */
export interface ThemeEnv {
  storage: KeyValueStorage | null;
  root: { dataset: Record<string, string | undefined> } | null;
}

export interface ThemeState {
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}

/** A stored value that is not one of the choices (hand-edited, older build) means System. */
export function readChoice(storage: ThemeEnv['storage']): ThemeChoice {
  try {
    const parsed = ThemeChoice.safeParse(storage?.getItem(THEME_STORAGE_KEY));
    return parsed.success ? parsed.data : 'system';
  } catch {
    return 'system';
  }
}

export function applyChoice(root: ThemeEnv['root'], choice: ThemeChoice): void {
  if (!root) return;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function createThemeStore(env: ThemeEnv): StoreApi<ThemeState> {
  const initial = readChoice(env.storage);
  applyChoice(env.root, initial);
  return createStore<ThemeState>()((set) => ({
    choice: initial,
    setChoice(choice) {
      applyChoice(env.root, choice);
      try {
        env.storage?.setItem(THEME_STORAGE_KEY, choice);
      } catch {
        // Storage full or refused: the choice holds for this window only.
      }
      set({ choice });
    },
  }));
}

function browserEnv(): ThemeEnv {
  if (!browser.document) return { storage: null, root: null };
  let storage: KeyValueStorage | null = null;
  try {
    storage = browser.localStorage ?? null;
  } catch {
    storage = null; // reading localStorage throws where site data is blocked
  }
  return { storage, root: browser.document.documentElement };
}

export const themeStore = createThemeStore(browserEnv());
export const useTheme = <T>(selector: (s: ThemeState) => T): T => useStore(themeStore, selector);

const DARK_QUERY = '(prefers-color-scheme: dark)';
const systemDark = (): boolean => browser.matchMedia?.(DARK_QUERY).matches ?? false;
const subscribeSystem = (onChange: () => void) => {
  const mq = browser.matchMedia?.(DARK_QUERY);
  if (!mq) return () => undefined;
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
};

/** The theme in force: the manual choice, or the system's while the choice is System. */
export function effectiveTheme(choice: ThemeChoice, systemIsDark: boolean): Theme {
  return choice === 'system' ? (systemIsDark ? 'dark' : 'light') : choice;
}

export function useEffectiveTheme(): Theme {
  const choice = useTheme((s) => s.choice);
  const dark = useSyncExternalStore(subscribeSystem, systemDark, () => false);
  return effectiveTheme(choice, dark);
}
