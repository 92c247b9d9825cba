// Makes a copy of better-sqlite3 for Electron's ABI in .electron-native/, leaving the one in
// node_modules built for Node, so "npm test" keeps working beside "npm start". @electron/rebuild
// takes the prebuilt binary for this Electron, platform and arch when one is published, and
// compiles (which needs Python and a C++ toolchain) only when none is.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { rebuild } from '@electron/rebuild';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const work = path.join(root, '.electron-native');
const target = path.join(work, 'better_sqlite3.node');
const electronVersion = require('electron/package.json').version;
const stamp = path.join(work, 'built-for');
const builtFor = `${electronVersion} ${process.platform} ${process.arch}`;

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === builtFor) process.exit(0);

// A project of its own holding only better-sqlite3, for @electron/rebuild to work in.
const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const copy = path.join(work, 'project', 'node_modules', 'better-sqlite3');
fs.rmSync(path.join(work, 'project'), { recursive: true, force: true });
fs.cpSync(source, copy, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
fs.writeFileSync(path.join(work, 'project', 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));

console.log(`Getting better-sqlite3 for Electron ${electronVersion} (${process.platform}-${process.arch})…`);
try {
  await rebuild({ buildPath: path.join(work, 'project'), electronVersion, arch: process.arch, onlyModules: ['better-sqlite3'], force: true });
} catch (error) {
  console.error(
    `Could not get better-sqlite3 for Electron ${electronVersion}: no prebuilt binary could be downloaded, and compiling it failed ` +
      `(that needs Python 3, make and a C++ compiler, and Electron's headers from electronjs.org).\n${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
fs.copyFileSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, builtFor);
