// `npm run build -w @storysprout/sync-server`: the server as one JavaScript file, dist/main.js (and
// its SQLite thread's, dist/sqlite-thread.js), so
// production runs plain `node` with no TypeScript at run time. Its packages stay in node_modules
// (some are native: argon2, better-sqlite3, sharp); the shared rules are TypeScript source, so they
// are bundled in. An import of a package this package.json does not declare fails the build, as
// it would fail in a container that installs only what is declared.
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import { build } from 'esbuild';

const manifest = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const installed = new Set(Object.keys(manifest.dependencies));
const bundled = new Set(Object.keys(manifest.devDependencies).filter((name) => name.startsWith('@storysprout/')));

/** `@scope/name/sub/path` → `@scope/name`; `name/sub/path` → `name`. */
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const onlyDeclaredPackages = {
  name: 'only-declared-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      if (isBuiltin(path)) return { path, external: true };
      const name = packageOf(path);
      if (installed.has(name)) return { path, external: true };
      if (bundled.has(name)) return undefined;
      return { errors: [{ text: `${name} (imported by ${importer}) is not in sync-server/package.json's dependencies` }] };
    });
  },
};

await build({
  absWorkingDir: import.meta.dirname,
  // The SQLite thread's code is a file of its own, which the server starts a worker thread from.
  entryPoints: { main: 'src/main.ts', 'sqlite-thread': 'src/db/sqlite-thread.js' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  plugins: [onlyDeclaredPackages],
  logLevel: 'warning',
});
