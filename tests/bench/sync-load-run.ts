import { benchSyncLoad } from './sync-load-bench';

await benchSyncLoad();
