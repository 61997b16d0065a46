import { useSession } from '../stores';
import { SyncIndicator } from './SyncIndicator';
import { Inert } from './Text';
import { ThemeSwitch } from './ThemeSwitch';

export function Header() {
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
      <div className="admin">
        <Inert className="admin-name" value={session?.adminName ?? 'Unknown admin'} />
        {session?.role && <span className="role-badge">{session.role}</span>}
      </div>
    </header>
  );
}
