import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { UserFacingError } from '../errors';
import type { SecretName, SecretStore } from '../settings/secrets';

interface SecretsFile {
  /** A parent agreed to keep keys where the keychain is only a fixed password. */
  allowWeakStorage?: boolean;
  keys?: Partial<Record<SecretName, string>>;
}

/**
 * Keys encrypted by the operating system's keychain (Keychain, DPAPI, libsecret/kwallet) through
 * Electron safeStorage, kept as ciphertext in the data folder. On Linux without a keyring,
 * safeStorage falls back to a hard-coded password; that is refused unless a parent has agreed.
 */
export function safeStorageSecrets(dataDir: string): SecretStore {
  const file = path.join(dataDir, 'secrets.json');
  const read = (): SecretsFile => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile) : {});
  const write = (next: SecretsFile) => fs.writeFileSync(file, JSON.stringify(next), { mode: 0o600 });
  const weak = () => process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';

  const store: SecretStore = {
    storage: 'os-keychain',
    weakStorage: () => (!weak() ? 'not-needed' : read().allowWeakStorage ? 'allowed' : 'refused'),
    allowWeakStorage: (allow) => write({ ...read(), allowWeakStorage: allow }),
    get(name) {
      const sealed = read().keys?.[name];
      if (!sealed || !safeStorage.isEncryptionAvailable() || store.weakStorage() === 'refused') return undefined;
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    set(name, value) {
      if (!safeStorage.isEncryptionAvailable() || store.weakStorage() === 'refused') {
        throw new UserFacingError(
          'unavailable',
          'This computer has no keychain StorySprout can lock keys with. A parent can agree to keep keys with weaker protection in Settings.',
        );
      }
      const current = read();
      write({ ...current, keys: { ...current.keys, [name]: safeStorage.encryptString(value).toString('base64') } });
    },
    delete(name) {
      const current = read();
      write({ ...current, keys: Object.fromEntries(Object.entries(current.keys ?? {}).filter(([kept]) => kept !== name)) });
    },
  };
  return store;
}
