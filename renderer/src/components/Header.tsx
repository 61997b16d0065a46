import { useSession } from '../stores';
import { SyncIndicator } from './SyncIndicator';

export function Header() {
  const session = useSession((s) => s.session);
  return (
    <header className="app-header">
      <div className="identity">
        <span className="app-name">ZTA Privacy Console</span>
        {session?.orgName && (
          <span className="org" title="Organisation">
            <bdi>{session.orgName}</bdi>
          </span>
        )}
      </div>
      <SyncIndicator />
      <div className="admin">
        <bdi className="admin-name">{session?.adminName ?? 'Unknown admin'}</bdi>
        {session?.role && <span className="role-badge">{session.role}</span>}
      </div>
    </header>
  );
}
