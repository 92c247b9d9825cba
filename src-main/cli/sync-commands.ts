import { createInterface } from 'node:readline/promises';
import password from '@inquirer/password';
import type { Command } from 'commander';
import { call, CliError, dataDirOption, withApp, type Io } from './cli-support';

/** The sync commands: sign in, make or join a family, sync once, share a book. For scripts as much as people. */
export function registerSyncCommands(program: Command, io: Io): void {
  program
    .command('login')
    .description('sign this library in to a sync server (password from STORYSPROUT_PASSWORD, or asked for)')
    .requiredOption('--server <url>', 'the sync server’s address, such as https://sync.example.com')
    .requiredOption('--email <email>', 'the account’s email address')
    .option('--signup', 'create the account first (a server with mail then sends a code to the email)')
    .option('--name <full name>', 'your name, for a new account')
    .option('--code <code>', 'the code from the email, to finish an account `login --signup` began')
    .option(...dataDirOption)
    .action(async (options: { server: string; email: string; signup?: boolean; name?: string; code?: string; dataDir?: string }) => {
      const secret = process.env.STORYSPROUT_PASSWORD || (process.stdin.isTTY ? await password({ message: `Password for ${options.email}:`, mask: true }) : '');
      if (!secret) throw new CliError('No password: set STORYSPROUT_PASSWORD or run this in a terminal to be asked.');
      await withApp(options.dataDir, async (app) => {
        const signIn = { serverUrl: options.server, email: options.email, password: secret, signUp: options.signup ?? false, fullName: options.name };
        let status = await call(app, 'sync.signIn', options.code ? { ...signIn, code: options.code } : signIn);
        if (status.pendingSignUp) {
          const finishLater = `storysprout login --server ${options.server} --email ${options.email} --code CODE`;
          // Asked only of someone at a terminal, who sees the question and can type.
          if (!process.stdin.isTTY || !io.errIsTty) {
            io.out(`We sent a code to ${status.pendingSignUp.email}. To finish making the account, run with it: ${finishLater}\n`);
            return;
          }
          const code = await askForCode(`We sent a code to ${status.pendingSignUp.email}. Type it here: `);
          if (!code) throw new CliError(`No code given. When the email comes, finish the account with: ${finishLater}`);
          status = await call(app, 'sync.confirmSignUp', { code });
        }
        io.out(`Signed in as ${status.account?.email} at ${status.account?.serverUrl}.\n`);
        io.out(status.family ? `This library syncs with the family “${status.family.name}”.\n` : 'This account is in no family yet: `storysprout family create NAME` or `storysprout family join CODE`.\n');
      });
    });

  program
    .command('logout')
    .description('sign this library out; every book stays here')
    .option(...dataDirOption)
    .action(async (options: { dataDir?: string }) => {
      await withApp(options.dataDir, async (app) => {
        await call(app, 'sync.signOut', {});
        io.out('Signed out. Nothing in this library was deleted.\n');
      });
    });

  const family = program.command('family').description('the family this library syncs with');
  family
    .command('create')
    .description('make a family on the sync server; this library’s books go into it')
    .argument('<name>', 'the family’s name')
    .option(...dataDirOption)
    .action(async (name: string, options: { dataDir?: string }) => {
      await withApp(options.dataDir, async (app) => {
        const status = await call(app, 'sync.createFamily', { name });
        io.out(`Made the family “${status.family?.name}” (${status.family?.id}). Run \`storysprout sync\` to send this library’s books.\n`);
      });
    });
  family
    .command('join')
    .description('join a family with an invitation code from one of its parents')
    .argument('<code>', 'the invitation code')
    .option(...dataDirOption)
    .action(async (code: string, options: { dataDir?: string }) => {
      await withApp(options.dataDir, async (app) => {
        const status = await call(app, 'sync.joinFamily', { code });
        io.out(`Joined the family “${status.family?.name}” as ${status.family?.role === 'parent-admin' ? 'a parent' : 'a child'}.\n`);
      });
    });
  family
    .command('invite')
    .description('make an invitation code for someone to join (parents)')
    .option('--role <role>', 'parent-admin or child-creator', 'child-creator')
    .option(...dataDirOption)
    .action(async (options: { role: 'parent-admin' | 'child-creator'; dataDir?: string }) => {
      await withApp(options.dataDir, async (app) => {
        const invite = await call(app, 'sync.invite', { role: options.role });
        io.out(`${invite.code}\n`);
        io.err(`Valid until ${invite.expiresAt}, for a ${invite.role === 'parent-admin' ? 'parent' : 'child'}.\n`);
      });
    });

  program
    .command('sync')
    .description('one push and pull with the sync server; prints what moved')
    .option(...dataDirOption)
    .option('--json', 'print JSON')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      await withApp(options.dataDir, async (app) => {
        const moved = await call(app, 'sync.now', {});
        const status = await call(app, 'sync.status', {});
        if (options.json) {
          io.out(`${JSON.stringify({ ...moved, rejections: status.rejections.slice(0, moved.rejected) }, null, 2)}\n`);
          return;
        }
        io.out(`Sent ${moved.pushed} changes and ${moved.picturesUploaded} pictures; received ${moved.pulled} changes and ${moved.picturesDownloaded} pictures.\n`);
        for (const rejection of status.rejections.slice(0, moved.rejected)) io.err(`Turned back: ${rejection.table}.${rejection.column} — ${rejection.reason}\n`);
        if (moved.rejected > 0) throw new CliError(`The server turned back ${moved.rejected} changes; they were undone here.`);
      });
    });

  program
    .command('share')
    .description('print a read-only link to a book (parents)')
    .argument('<book-id>', 'the book’s id, as `books list` prints it')
    .option('--stop', 'stop every link to the book instead')
    .option(...dataDirOption)
    .action(async (bookId: string, options: { dataDir?: string; stop?: boolean }) => {
      await withApp(options.dataDir, async (app) => {
        if (options.stop) {
          await call(app, 'sync.unshare', { bookId });
          io.out('The book’s links no longer open it.\n');
          return;
        }
        const link = await call(app, 'sync.share', { bookId });
        io.out(`${link.url}\n`);
        io.err(`Open until ${link.expiresAt}.\n`);
      });
    });
}

/** One line typed at the terminal. Shown as typed: a code works once, for minutes, and only with the password. */
async function askForCode(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await terminal.question(question)).trim();
  } finally {
    terminal.close();
  }
}
