// Listens for the console's keyboard shortcuts (see keyboard.ts) and shows the `?` dialog.
import { useEffect, useRef } from 'react';
import { ROOMS, type RoomId } from '../hash-routes';
import { navigate } from '../router';
import { commandOf, PREFIX_MS, shortcutList } from '../keyboard';

/** Whether a key press lands in something that takes text (there keys are typed, not commands). */
export function takesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

/** The room's search box, or its first filter when it has none. */
function focusSearch(main: HTMLElement): void {
  const target =
    main.querySelector<HTMLElement>('input[type="search"]') ??
    main.querySelector<HTMLElement>('[role="search"] input, [role="search"] select');
  target?.focus();
}

/** Moves focus to the next/previous row of the room's tables (its first link or button, or the row). */
function moveRow(main: HTMLElement, delta: 1 | -1): void {
  // Plain tables, and the access logs' virtual table (its header row is aria-rowindex 1).
  const rows = [
    ...main.querySelectorAll<HTMLElement>(
      'table tbody tr, [role="table"] [role="row"][aria-rowindex]:not([aria-rowindex="1"])',
    ),
  ];
  if (rows.length === 0) return;
  const current = document.activeElement?.closest<HTMLElement>('tr, [role="row"]');
  const at = current ? rows.indexOf(current) : -1;
  const next =
    rows[at < 0 ? (delta > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + delta))];
  if (!next) return;
  const link = next.querySelector<HTMLElement>('a[href], button');
  if (link) {
    link.focus();
  } else {
    next.tabIndex = -1;
    next.focus();
  }
  next.scrollIntoView({ block: 'nearest' });
}

/**
 * The shortcut listener and the list of shortcuts. `open` is held by the shell so the header's
 * "Keyboard shortcuts" button (for those who do not know about `?`) opens the same dialog.
 */
export function KeyboardShortcuts({
  main,
  open,
  setOpen,
}: {
  main: React.RefObject<HTMLElement | null>;
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    let prefixAt = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || takesText(e.target) || dialog.current?.open) return;
      const afterPrefix = Date.now() - prefixAt < PREFIX_MS;
      prefixAt = 0;
      const cmd = commandOf(
        e,
        afterPrefix,
        ROOMS.map((r) => r.id),
      );
      if (!cmd || !main.current) return;
      e.preventDefault();
      if (cmd.kind === 'prefix') prefixAt = Date.now();
      else if (cmd.kind === 'room') navigate(cmd.room as RoomId);
      else if (cmd.kind === 'search') focusSearch(main.current);
      else if (cmd.kind === 'row') moveRow(main.current, cmd.delta);
      else setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [main, setOpen]);
  useEffect(() => {
    // showModal gives the dialog focus, a trap and Escape to close.
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      className="shortcuts"
      onClose={() => setOpen(false)}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="data-table compact" aria-labelledby="shortcuts-title">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {shortcutList(ROOMS).map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="action-row">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
