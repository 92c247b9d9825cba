import path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../app/data-dir';
import { startBrowserHost } from '../host/browser-host';
import { dataDirOption, openCliApp, untilInterrupted, type Io } from './cli-support';
import { parsePort } from './parse-options';

export function registerHostCommand(program: Command, io: Io): void {
  program
    .command('host')
    .description('serve the app to a browser on this computer (127.0.0.1 only)')
    .option(...dataDirOption)
    .option('--port <n>', 'the port to listen on (default, or 0: any free one)', parsePort)
    .action(async (options: { dataDir?: string; port?: number }) => {
      // Logs go to stderr, warnings only unless STORYSPROUT_LOG_LEVEL says otherwise: on a terminal the link comes first.
      const app = await openCliApp(options.dataDir, { runQueue: true, syncInBackground: true });
      const interrupted = untilInterrupted();
      try {
        const host = await startBrowserHost({
          core: app.core,
          dispatch: app.dispatch,
          rendererDir: path.join(packageRoot(), 'out', 'renderer'),
          port: options.port,
        });
        io.out(`${host.url}\n`);
        await interrupted.promise;
        await host.close();
      } finally {
        interrupted.dispose();
        await app.close();
      }
    });
}
