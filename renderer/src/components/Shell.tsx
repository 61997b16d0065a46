import { useEffect, useRef, useState, type ComponentType } from 'react';
import { startSignedIn } from '../stores';
import { useRoom, useRouteItem, type RoomId } from '../router';
import { Header } from './Header';
import { RoomsNav } from './RoomsNav';
import { KeyboardShortcuts } from './KeyboardShortcuts';
import { ErrorBoundary } from './ErrorBoundary';
import { reportRenderError } from './report-render-error';
import { ROOMS } from '../hash-routes';
import { AccessLogsRoom } from '../rooms/AccessLogsRoom';
import { DashboardRoom } from '../rooms/DashboardRoom';
import { RequestsRoom } from '../rooms/RequestsRoom';
import { SubjectsRoom } from '../rooms/SubjectsRoom';
import { ExportsRoom } from '../rooms/ExportsRoom';
import { SyncRoom } from '../rooms/SyncRoom';
import { AuditRoom } from '../rooms/AuditRoom';
import { SettingsRoom } from '../rooms/SettingsRoom';
import { ReportsRoom } from '../rooms/ReportsRoom';
import { RulesRoom } from '../rooms/RulesRoom';
import { ErasuresList } from './ErasuresList';

const ROOM_COMPONENTS: Record<RoomId, ComponentType> = {
  dashboard: DashboardRoom,
  logs: AccessLogsRoom,
  requests: RequestsRoom,
  subjects: SubjectsRoom,
  exports: ExportsRoom,
  sync: SyncRoom,
  audit: AuditRoom,
  settings: SettingsRoom,
  reports: ReportsRoom,
  rules: RulesRoom,
};

export function Shell() {
  const room = useRoom();
  const item = useRouteItem();
  const mainRef = useRef<HTMLElement>(null);
  const firstRoom = useRef(true);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  useEffect(() => startSignedIn(), []);

  // Moving between rooms puts keyboard and screen-reader focus on the new room's heading.
  useEffect(() => {
    if (firstRoom.current) {
      firstRoom.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [room, item]);

  const Room = ROOM_COMPONENTS[room];
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Header onShowShortcuts={() => setShortcutsOpen(true)} />
      <RoomsNav current={room} />
      <main id="main" className="room" ref={mainRef} tabIndex={-1}>
        {/* Keyed by room: leaving a room that failed starts the next one afresh. */}
        <ErrorBoundary key={room} scope={roomLabel(room)} report={reportRenderError}>
          <Room />
          {room === 'requests' && !item ? <ErasuresList /> : null}
        </ErrorBoundary>
      </main>
      <KeyboardShortcuts main={mainRef} open={shortcutsOpen} setOpen={setShortcutsOpen} />
    </div>
  );
}

const roomLabel = (id: RoomId): string => ROOMS.find((r) => r.id === id)?.label ?? id;
