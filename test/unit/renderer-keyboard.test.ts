// The keyboard shortcuts' mapping (issue 16): two-key room jumps, no clash with modified keys.
import { describe, expect, it } from 'vitest';
import { ROOMS } from '../../renderer/src/hash-routes';
import { ROOM_KEYS, commandOf, shortcutList } from '../../renderer/src/keyboard';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});
const ids = ROOMS.map((r) => r.id);

describe('keyboard shortcuts', () => {
  it('g then a letter opens a room; the letter alone does not', () => {
    expect(commandOf(press('g'), false, ids)).toEqual({ kind: 'prefix' });
    expect(commandOf(press('r'), true, ids)).toEqual({ kind: 'room', room: 'requests' });
    expect(commandOf(press('a'), true, ids)).toEqual({ kind: 'room', room: 'audit' });
    expect(commandOf(press('r'), false, ids)).toBeNull();
    expect(commandOf(press('x'), true, ids)).toBeNull();
  });

  it('every room has its own key', () => {
    const keys = ids.map((id) => ROOM_KEYS[id]);
    expect(keys.every((k) => typeof k === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(ids.length);
  });

  it('search, rows and help; modified keys stay the browser’s', () => {
    expect(commandOf(press('/'), false, ids)).toEqual({ kind: 'search' });
    expect(commandOf(press('j'), false, ids)).toEqual({ kind: 'row', delta: 1 });
    expect(commandOf(press('k'), false, ids)).toEqual({ kind: 'row', delta: -1 });
    expect(commandOf(press('?'), false, ids)).toEqual({ kind: 'help' });
    for (const mod of ['ctrlKey', 'metaKey', 'altKey'] as const) {
      expect(commandOf(press('g', { [mod]: true }), false, ids)).toBeNull();
      expect(commandOf(press('r', { [mod]: true }), true, ids)).toBeNull();
    }
  });

  it('the help lists a jump for every room and the other keys', () => {
    const list = shortcutList(ROOMS);
    expect(list.filter((s) => s.keys.startsWith('g then'))).toHaveLength(ROOMS.length);
    expect(list.map((s) => s.keys)).toEqual(expect.arrayContaining(['/', 'j', 'k', '?']));
  });
});
