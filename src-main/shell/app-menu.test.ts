import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type MenuEntry, type MenuRole } from './app-menu';

const rolesIn = (entries: MenuEntry[]): MenuRole[] => entries.flatMap((entry) => ('role' in entry ? [entry.role] : 'submenu' in entry ? rolesIn(entry.submenu) : []));
const menu = (entries: MenuEntry[], label: string) => entries.find((entry): entry is { label: string; submenu: MenuEntry[] } => 'label' in entry && entry.label === label);

const platforms: NodeJS.Platform[] = ['darwin', 'win32', 'linux'];

describe('the application menu', () => {
  it('has no Developer Tools and no Reload in a built app, on any system', () => {
    for (const platform of platforms) {
      const roles = rolesIn(appMenuTemplate({ appName: 'StorySprout', platform, isPackaged: true }));
      expect(roles, platform).not.toContain('toggleDevTools');
      expect(roles, platform).not.toContain('reload');
      expect(roles, platform).not.toContain('forceReload');
    }
  });

  it('keeps them while developing', () => {
    expect(rolesIn(appMenuTemplate({ appName: 'StorySprout', platform: 'linux', isPackaged: false }))).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('has the standard Edit menu everywhere, so copy and paste work in the window', () => {
    for (const platform of platforms) {
      const edit = menu(appMenuTemplate({ appName: 'StorySprout', platform, isPackaged: true }), 'Edit');
      expect(rolesIn(edit!.submenu), platform).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    }
  });

  it('starts with the app’s own menu on macOS, and quits from File elsewhere', () => {
    const mac = appMenuTemplate({ appName: 'StorySprout', platform: 'darwin', isPackaged: true });
    expect(mac[0]).toMatchObject({ label: 'StorySprout' });
    expect(rolesIn([mac[0]!])).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    for (const platform of ['win32', 'linux'] as const) {
      const template = appMenuTemplate({ appName: 'StorySprout', platform, isPackaged: true });
      expect(menu(template, 'StorySprout'), platform).toBeUndefined();
      expect(rolesIn(menu(template, 'File')!.submenu), platform).toEqual(['quit']);
    }
  });
});
