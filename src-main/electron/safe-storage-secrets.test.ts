import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';

// Electron cannot run here: its safeStorage is replaced by a stand-in that "encrypts" by
// reversing bytes, and whose Linux backend the test chooses.
const keychain = vi.hoisted(() => ({ backend: 'gnome_libsecret', available: true }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (text: string) => Buffer.from(text).reverse(),
    decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString(),
  },
}));
const { safeStorageSecrets } = await import('./safe-storage-secrets');

describe.runIf(process.platform === 'linux')('keys kept with safeStorage', () => {
  beforeEach(() => {
    keychain.backend = 'gnome_libsecret';
    keychain.available = true;
  });

  it('keeps a key only as the keychain’s ciphertext, readable by the owner alone', () => {
    const dir = tempDir();
    const secrets = safeStorageSecrets(dir);
    secrets.set('openai-api-key', 'sk-live-123');
    expect(secrets.get('openai-api-key')).toBe('sk-live-123');
    const file = path.join(dir, 'secrets.json');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('sk-live-123');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(secrets.weakStorage()).toBe('not-needed');
  });

  it('refuses Linux’s fixed-password fallback until a parent agrees', () => {
    keychain.backend = 'basic_text';
    const secrets = safeStorageSecrets(tempDir());
    expect(secrets.weakStorage()).toBe('refused');
    expect(() => secrets.set('openai-api-key', 'sk-1')).toThrow(/no keychain StorySprout can lock keys with/);
    secrets.allowWeakStorage(true);
    expect(secrets.weakStorage()).toBe('allowed');
    secrets.set('openai-api-key', 'sk-1');
    expect(secrets.get('openai-api-key')).toBe('sk-1');
    secrets.allowWeakStorage(false);
    expect(secrets.get('openai-api-key')).toBeUndefined();
  });

  it('keeps the sync session beside the key, and forgets it alone on signing out', () => {
    const dir = tempDir();
    const secrets = safeStorageSecrets(dir);
    secrets.set('openai-api-key', 'sk-live-9');
    secrets.set('sync-session-token', 'session-abc');
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('session-abc');
    secrets.delete('sync-session-token');
    expect(secrets.get('sync-session-token')).toBeUndefined();
    expect(secrets.get('openai-api-key')).toBe('sk-live-9');
  });

  it('reads nothing when encryption is unavailable', () => {
    const dir = tempDir();
    safeStorageSecrets(dir).set('openai-api-key', 'sk-2');
    keychain.available = false;
    expect(safeStorageSecrets(dir).get('openai-api-key')).toBeUndefined();
  });
});
