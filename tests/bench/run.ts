/**
 * `npm run bench`: speed and memory of StorySprout's own work on this machine, as medians, each
 * next to a baseline or bound measured in the same run.
 */
import os from 'node:os';
import { benchDesktopSync } from './desktop-sync-bench';
import { benchExport } from './export-bench';
import { benchGeneration } from './generation-bench';
import { benchLibrary } from './library-bench';
import { benchSync } from './sync-bench';
import { benchSyncLoad } from './sync-load-bench';

console.log(`StorySprout bench (node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB)`);
await benchLibrary();
await benchGeneration();
await benchExport();
await benchSync();
await benchDesktopSync();
await benchSyncLoad();
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
