// Builds a copy of better-sqlite3 for Electron's ABI into .electron-native/, leaving the one in
// node_modules built for Node so "npm test" keeps working beside "npm start".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const target = path.join(root, '.electron-native', 'better_sqlite3.node');
const electronVersion = require('electron/package.json').version;
const stamp = path.join(root, '.electron-native', 'electron-version');

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion) process.exit(0);

const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, '.electron-native', 'build');
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
execFileSync(
  process.execPath,
  [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit' },
);
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, electronVersion);
