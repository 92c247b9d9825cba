import { Command, CommanderError } from 'commander';
import { UserFacingError } from '../errors';
import { CliError, processIo, type Io } from './cli-support';
import { registerExportCommand } from './export-command';
import { registerGenerationCommands } from './generation-commands';
import { registerHostCommand } from './host-command';
import { registerLibraryCommands } from './library-commands';
import { registerNarrationCommand } from './narration-command';
import { registerSyncCommands } from './sync-commands';

/**
 * `storysprout`: the same core as the desktop app, for scripts, tests and machines without a
 * window. Calls go through the bridge's dispatcher, so arguments are checked exactly as the
 * window's are. Resolves to the exit code: 0 done, 1 refused or failed, 2 wrong arguments.
 */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  const program = new Command('storysprout')
    .description('Make illustrated picture books with your family.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: () => {} })
    .showSuggestionAfterError();
  registerHostCommand(program, io);
  registerLibraryCommands(program, io);
  registerGenerationCommands(program, io);
  registerNarrationCommand(program, io);
  registerExportCommand(program, io);
  registerSyncCommands(program, io);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      io.err(`storysprout: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    const message = error instanceof CliError || error instanceof UserFacingError || error instanceof Error ? error.message : String(error);
    io.err(`storysprout: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}
