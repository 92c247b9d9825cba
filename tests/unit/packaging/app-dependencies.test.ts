import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { isServerOnly } from './server-only-packages';

const root = path.resolve(import.meta.dirname, '../../..');

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  workspaces?: string[];
}
interface LockedPackage extends Manifest {
  link?: boolean;
  resolved?: string;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;
const app = readJson<Manifest>('package.json');
const server = readJson<Manifest>('sync-server/package.json');
const appDependencies = Object.keys(app.dependencies ?? {});
const workspacePackages = new Set((app.workspaces ?? []).map((folder) => readJson<{ name: string }>(`${folder}/package.json`).name));

/**
 * Every package installed for the app at run time: its declared dependencies (as package.json says
 * them now, so an edit counts before `npm install`), then what each needs, as the lockfile placed
 * them. An optional peer is not followed: a package uses one only when the app installs it itself
 * (openai's @aws-sdk/credential-provider-node is in node_modules for the server's S3 client, and
 * `npm ls` shows it under openai, but the app never asks openai for AWS).
 */
function appProductionPackages(): Set<string> {
  const locked = readJson<{ packages: Record<string, LockedPackage> }>('package-lock.json').packages;
  const placeOf = (from: string, name: string): string | undefined => {
    for (let folder = from; ; folder = folder.includes('/node_modules/') ? folder.slice(0, folder.lastIndexOf('/node_modules/')) : '') {
      const place = `${folder ? `${folder}/` : ''}node_modules/${name}`;
      if (locked[place]) return place;
      if (!folder) return undefined;
    }
  };
  const needs = (entry: LockedPackage) => [
    ...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }),
    ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !entry.peerDependenciesMeta?.[peer]?.optional),
  ];
  const found = new Set<string>();
  const visited = new Set<string>();
  const visit = (from: string, names: string[], optional: Set<string>) => {
    for (const name of names) {
      const place = placeOf(from, name);
      if (!place) {
        if (optional.has(name)) continue; // another platform's build
        throw new Error(`${name}, needed by ${from || 'the app'}, is not in package-lock.json: run npm install`);
      }
      found.add(name);
      const target = locked[place]!.link ? locked[place]!.resolved! : place;
      if (visited.has(target)) continue;
      visited.add(target);
      const entry = locked[target]!;
      visit(target, needs(entry), new Set(Object.keys(entry.optionalDependencies ?? {})));
    }
  };
  visit('', appDependencies, new Set());
  return found;
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub/path` → `name`. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * The packages code reachable from `entries` imports, following the app's own files and the
 * workspace packages (TypeScript source that the build bundles in) and stopping at every other package.
 */
async function packagesImportedFrom(entries: string[]): Promise<Set<string>> {
  const imported = new Set<string>();
  const recordPackages: Plugin = {
    name: 'record-packages',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
        if (isBuiltin(specifier)) return { path: specifier, external: true };
        const name = packageOf(specifier);
        if (workspacePackages.has(name)) return undefined;
        imported.add(name);
        return { path: specifier, external: true };
      });
    },
  };
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    write: false,
    outdir: 'out-scan',
    platform: 'node',
    format: 'esm',
    jsx: 'automatic',
    // Stylesheets and the fonts they name are the renderer build's business, not packages.
    loader: { '.css': 'empty' },
    logLevel: 'silent',
    plugins: [recordPackages],
  });
  return imported;
}

describe("the desktop app's dependencies", () => {
  it('reach none of the packages only the sync server runs', () => {
    expect([...appProductionPackages()].filter(isServerOnly).sort()).toEqual([]);
  });

  it('leave nothing the sync server runs unsorted: each is the app’s too, or named in server-only-packages.ts', () => {
    const appPackages = appProductionPackages();
    expect(Object.keys(server.dependencies ?? {}).filter((name) => !appPackages.has(name) && !isServerOnly(name))).toEqual([]);
  });

  it('are exactly the packages the main process, the CLI and the PDF writer import at run time', async () => {
    const imported = await packagesImportedFrom(['src-main/index.ts', 'src-main/cli/index.ts', 'src-main/export/pdf-writer-process.ts']);
    // Electron provides `electron` itself; electron-builder refuses it among the dependencies.
    imported.delete('electron');
    expect([...imported].sort()).toEqual([...appDependencies].sort());
  });

  it('name no workspace package: those are TypeScript source, bundled into out/ because electron-vite leaves every dependency to node_modules', () => {
    expect(appDependencies.filter((name) => workspacePackages.has(name))).toEqual([]);
  });

  it('leave the window and the preload nothing undeclared to bundle', async () => {
    const declared = new Set([...appDependencies, ...Object.keys(app.devDependencies ?? {})]);
    const imported = await packagesImportedFrom(['src-preload/index.ts', 'src-renderer/src/main.tsx']);
    expect([...imported].filter((name) => !declared.has(name))).toEqual([]);
  });
});
