// The manual theme switch in the header: System (follow the operating system), Light or Dark.
import { ThemeChoice, THEME_LABELS, themeStore, useTheme } from '../stores/theme';

export function ThemeSwitch() {
  const choice = useTheme((s) => s.choice);
  return (
    <div className="theme-switch">
      <label htmlFor="theme-choice">Theme</label>
      <select
        id="theme-choice"
        value={choice}
        onChange={(e) => {
          const parsed = ThemeChoice.safeParse(e.target.value);
          if (parsed.success) themeStore.getState().setChoice(parsed.data);
        }}
      >
        {ThemeChoice.options.map((c) => (
          <option key={c} value={c}>
            {THEME_LABELS[c]}
          </option>
        ))}
      </select>
    </div>
  );
}
