import fs from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteTempDir } from '../../support/temp-dir';
import { isServerOnly } from './server-only-packages';

const root = path.resolve(import.meta.dirname, '../../..');
const FEED = 'https://updates.example.test/desktop';

/**
 * The Linux app as electron-builder packs it from electron-builder.yml, around a stand-in for
 * Electron's runtime folder (this machine cannot download Electron). Native modules are not
 * rebuilt for Electron's ABI and the fuses are not flipped, for the same reason: this does not
 * prove the app starts, nor that the fuses hold (the release workflow's smoke test runs the real
 * app). It proves what goes into the installer, and where.
 */
async function packedApp() {
  if (!fs.existsSync(path.join(root, 'out/main/index.js'))) throw new Error('Build the app first: npx electron-vite build');
  const standInElectron = suiteTempDir('storysprout-electron-');
  fs.writeFileSync(path.join(standInElectron, 'electron'), '#!/bin/sh\necho "a stand-in for Electron"\n', { mode: 0o755 });
  fs.mkdirSync(path.join(standInElectron, 'resources'));
  const output = suiteTempDir('storysprout-dist-');
  // As the release workflow names the feed; the build refuses to guess one.
  process.env.STORYSPROUT_UPDATE_URL = FEED;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      extends: path.join(root, 'electron-builder.yml'),
      electronDist: standInElectron,
      npmRebuild: false,
      electronFuses: null,
      directories: { output, buildResources: 'build-resources' },
    },
    publish: 'never',
  }).finally(() => delete process.env.STORYSPROUT_UPDATE_URL);
  const resources = path.join(output, 'linux-unpacked', 'resources');
  const files = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((file) => file.split(path.sep).join('/'));
  return { resources, files: new Set(files) };
}

/** The package names under a node_modules folder's listing. */
const packagesIn = (files: Iterable<string>) =>
  new Set(
    [...files]
      .map((file) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1])
      .filter((name): name is string => name !== undefined),
  );

describe('the installer', () => {
  let packed: Awaited<ReturnType<typeof packedApp>>;
  beforeAll(async () => {
    packed = await packedApp();
  }, 180_000);

  it('holds the app: its main entry resolves, and the window, preload and PDF writer are inside', () => {
    const main = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string }).main;
    expect(packed.files).toContain(`/${main}`);
    for (const file of ['/out/renderer/index.html', '/out/preload/index.cjs', '/out/main/pdf-writer.js', '/out/main/cli.js', '/package.json']) expect(packed.files).toContain(file);
    expect([...packed.files].some((file) => file.endsWith('.map'))).toBe(false);
  });

  it('tells the installed app where to look for a new version: the feed named when it was built', () => {
    expect(fs.readFileSync(path.join(packed.resources, 'app-update.yml'), 'utf8')).toMatch(new RegExp(`provider: generic\nurl: ${FEED}\n`));
  });

  it('puts the fonts the PDF needs in resources, where the packaged app looks for them', () => {
    const fonts = fs.readdirSync(path.join(packed.resources, 'fonts'));
    expect(fonts).toEqual(expect.arrayContaining(fs.readdirSync(path.join(root, 'resources/fonts'))));
  });

  it('keeps better-sqlite3 and sharp outside the asar, where the operating system can load them', () => {
    const unpacked = path.join(packed.resources, 'app.asar.unpacked', 'node_modules');
    expect(fs.existsSync(path.join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'sharp', 'package.json'))).toBe(true);
    expect(fs.readdirSync(path.join(unpacked, '@img')).some((name) => name.startsWith('sharp-'))).toBe(true);
  });

  it('carries none of the sync server’s packages, nor its code', () => {
    const packages = packagesIn(packed.files);
    expect(packages.size).toBeGreaterThan(20);
    expect([...packages].filter(isServerOnly)).toEqual([]);
    expect([...packed.files].filter((file) => file.includes('sync-server'))).toEqual([]);
  });
});
