import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach } from 'vitest';

export interface ReceivedMail {
  /** Who the mail was delivered to (the SMTP envelope), in lower case. */
  to: string[];
  from: string;
  subject: string;
  text: string;
}

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/**
 * A real SMTP server on 127.0.0.1 that keeps every mail it is handed, for SMTP_URL: the sync
 * server's mails travel as they would to a mail provider, and tests read them as the person would.
 */
export async function localMailbox() {
  const mails: ReceivedMail[] = [];
  const listeners = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    // Its own certificate would not be trusted; on loopback the sync server does not ask for TLS.
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A connection still open when the test ends is dropped rather than waited for.
    closeTimeout: 500,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            from: typeof session.envelope.mailFrom === 'object' ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          for (const listener of listeners) listener();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closing.push(() => new Promise<void>((resolve) => server.close(resolve)));
  const port = (server.server.address() as AddressInfo).port;

  const mailsTo = (address: string) => mails.filter((mail) => mail.to.includes(address.toLowerCase()));

  /** Waits until `count` mails have come to `address` (mails go out after the answer), and returns them. */
  async function waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    if (mailsTo(address).length >= count) return mailsTo(address);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (mailsTo(address).length < count) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(mailsTo(address));
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${mailsTo(address).length} of ${count} mails came to ${address} in ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(check);
    });
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    mailsTo,
    waitFor,
    /** The code in the newest of `count` mails to `address`, as the person would type it. */
    async codeFor(address: string, count = 1): Promise<string> {
      const mail = (await waitFor(address, count)).at(-1)!;
      const code = /\b(\d{4}) (\d{4})\b/.exec(mail.text);
      if (!code) throw new Error(`no code in the mail to ${address}: ${mail.subject}`);
      return `${code[1]} ${code[2]}`;
    },
  };
}

export type LocalMailbox = Awaited<ReturnType<typeof localMailbox>>;
