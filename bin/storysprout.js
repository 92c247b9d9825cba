#!/usr/bin/env node
// The CLI runs from the build in out/ ("npm install" builds it; "npm run build" rebuilds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('storysprout: the app is not built yet; run "npm run build" in the StorySprout folder.\n');
  process.exit(1);
}
await import(entry);
