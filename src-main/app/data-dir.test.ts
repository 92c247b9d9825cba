import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, packageRoot } from './data-dir';

describe('default data folder', () => {
  it('is where Electron keeps this app’s userData on each platform', () => {
    const home = os.homedir();
    expect(defaultDataDir({}, 'linux')).toBe(path.join(home, '.config', 'StorySprout', 'library'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'StorySprout', 'library'));
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'StorySprout', 'library'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toBe(
      path.join('C:\\Users\\ana\\AppData\\Roaming', 'StorySprout', 'library'),
    );
  });

  it('finds the package folder from a module inside it', () => {
    expect(packageRoot(path.join(process.cwd(), 'out', 'main', 'cli.js'))).toBe(process.cwd());
  });
});
