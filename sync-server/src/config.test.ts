import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

const MAIL = { SMTP_URL: 'smtps://storysprout:secret@smtp.example.com:465', MAIL_FROM: 'StorySprout <no-reply@example.com>' };

describe('settings: mail for signing up', () => {
  it('refuses to start without SMTP_URL where other computers can reach the server, so signing up never says which emails have accounts', () => {
    expect(() => readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://sync.example.com' })).toThrow(/SMTP_URL: SMTP_URL \(and MAIL_FROM\) are needed when the server can be reached from other computers/);
    expect(() => readConfig({ HOST: '::', PUBLIC_URL: 'https://sync.example.com' })).toThrow(/SMTP_URL/);
    // On loopback behind a proxy, as on the small VM behind Caddy, PUBLIC_URL says families reach it from elsewhere.
    expect(() => readConfig({ HOST: '127.0.0.1', PUBLIC_URL: 'https://sync.example.com' })).toThrow(/SMTP_URL/);
    expect(readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://sync.example.com', ...MAIL }).SMTP_URL).toBe(MAIL.SMTP_URL);
    expect(readConfig({ HOST: '127.0.0.1', PUBLIC_URL: 'https://sync.example.com', ...MAIL }).MAIL_FROM).toBe(MAIL.MAIL_FROM);
  });

  it('starts without mail when only this computer reaches it (development, tests), making accounts at once', () => {
    for (const HOST of ['127.0.0.1', 'localhost', '::1']) expect(readConfig({ HOST }).SMTP_URL).toBeUndefined();
    expect(readConfig({ HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:8787' }).SMTP_URL).toBeUndefined();
    expect(readConfig({ HOST: '::1', PUBLIC_URL: 'http://[::1]:8787' }).SMTP_URL).toBeUndefined();
  });

  it('needs MAIL_FROM with SMTP_URL, and takes only smtp:// and smtps:// addresses', () => {
    expect(() => readConfig({ SMTP_URL: MAIL.SMTP_URL })).toThrow(/MAIL_FROM: MAIL_FROM is needed with SMTP_URL/);
    expect(() => readConfig({ ...MAIL, SMTP_URL: 'https://smtp.example.com' })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ address/);
    expect(() => readConfig({ ...MAIL, MAIL_FROM: 'StorySprout' })).toThrow(/MAIL_FROM must be an email address/);
  });
});
