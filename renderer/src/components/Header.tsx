import { useSession } from '../stores';
import { SyncIndicator } from './SyncIndicator';
import { Inert } from './Text';
import { ThemeSwitch } from './ThemeSwitch';

/** `onShowShortcuts` opens the list of keyboard shortcuts (also `?`): a visible way to find them. */
export function Header({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const session = useSession((s) => s.session);
  return (
    <header className="app-header">
      <div className="identity">
        <span className="app-name">ZTA Privacy Console</span>
        {session?.orgName && (
          <span className="org" title="Organisation">
            <Inert value={session.orgName} />
          </span>
        )}
      </div>
      <SyncIndicator />
      <ThemeSwitch />
      <button
        type="button"
        className="header-button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        aria-haspopup="dialog"
        onClick={onShowShortcuts}
      >
        <kbd aria-hidden="true">?</kbd>
      </button>
      <div className="admin">
        <Inert className="admin-name" value={session?.adminName ?? 'Unknown admin'} />
        {session?.role && <span className="role-badge">{session.role}</span>}
      </div>
    </header>
  );
}
