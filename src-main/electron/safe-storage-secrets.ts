import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { UserFacingError } from '../errors';
import type { SecretName, SecretStore } from '../settings/secrets';

/**
 * Keys encrypted by the operating system's keychain (Keychain, DPAPI, libsecret/kwallet) through
 * Electron safeStorage, kept as ciphertext in the data folder. On Linux without a keyring,
 * safeStorage falls back to a hard-coded password; that is refused unless a parent has agreed.
 */
export function safeStorageSecrets(dataDir: string, options: { allowPlainText: () => boolean }): SecretStore {
  const file = path.join(dataDir, 'secrets.json');
  const read = (): Partial<Record<SecretName, string>> =>
    fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>) : {};

  const usable = (): boolean =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text' || options.allowPlainText());

  return {
    storage: 'os-keychain',
    get(name) {
      const sealed = read()[name];
      if (!sealed || !usable()) return undefined;
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    set(name, value) {
      if (!usable()) {
        throw new UserFacingError(
          'unavailable',
          'This computer has no keychain StorySprout can lock keys with. A parent can agree to keep keys with weaker protection in Settings.',
        );
      }
      const next = { ...read(), [name]: safeStorage.encryptString(value).toString('base64') };
      fs.writeFileSync(file, JSON.stringify(next), { mode: 0o600 });
    },
  };
}
