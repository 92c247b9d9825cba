import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import { listensOnlyOnLoopback } from '../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * The server's mail, through SMTP_URL. A plain smtp:// mail server elsewhere must take STARTTLS
 * before anything (its password, a signup code) is sent to it; one on this computer need not.
 */
export function createMailer(options: { smtpUrl: string; from: string; log: FastifyBaseLogger }) {
  const url = new URL(options.smtpUrl);
  const transport = nodemailer.createTransport({ url: options.smtpUrl, requireTLS: url.protocol === 'smtp:' && !listensOnlyOnLoopback(url.hostname) });
  const sending = new Set<Promise<void>>();
  return {
    /** Sends in the background; a failure is logged, and whoever waits for the mail can ask for it again. */
    send(mail: Mail): void {
      const sent = transport.sendMail({ from: options.from, ...mail }).then(
        () => undefined,
        (error: unknown) => options.log.error({ err: error }, 'a mail could not be sent'),
      );
      sending.add(sent);
      void sent.finally(() => sending.delete(sent));
    },
    /** Lets the mails under way go out, then closes the connection. */
    async close(): Promise<void> {
      await Promise.all(sending);
      transport.close();
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
