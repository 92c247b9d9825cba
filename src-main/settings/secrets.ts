import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../errors';

export type SecretName = 'openai-api-key' | 'sync-session-token';

/**
 * Where API keys and the sync session live. The desktop app keeps them encrypted with the
 * operating system's keychain (Electron safeStorage); the CLI and the browser host read keys from
 * the environment and keep the session in a file only the user can read. Either way a secret is
 * only ever read by the core: no bridge call returns one.
 */
export interface SecretStore {
  readonly storage: 'os-keychain' | 'environment';
  /**
   * Whether keys may be kept where the keychain is only a fixed password (Linux without a
   * keyring): 'not-needed' where the protection is real or keys are not stored at all.
   */
  weakStorage(): 'not-needed' | 'refused' | 'allowed';
  allowWeakStorage(allow: boolean): void;
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

const ENVIRONMENT_NAMES: Record<'openai-api-key', string> = { 'openai-api-key': 'OPENAI_API_KEY' };

/**
 * Keys from the environment, for the CLI and the browser host. The sync session is not a key a
 * family sets up front, so it is kept in the data folder, readable by this user alone: the same
 * protection as an SSH key, and what lets `storysprout login` and a later `storysprout sync` meet.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env, dataDir?: string): SecretStore {
  const sessionFile = dataDir ? path.join(dataDir, 'sync-session') : null;
  const sessionOnly = (name: SecretName): string => {
    if (name === 'sync-session-token' && sessionFile) return sessionFile;
    if (name === 'sync-session-token') throw new UserFacingError('unavailable', 'This StorySprout has no data folder to keep a sign-in in.');
    throw new UserFacingError('unavailable', `Here keys come from the environment: set ${ENVIRONMENT_NAMES[name]} before starting StorySprout.`);
  };
  return {
    storage: 'environment',
    weakStorage: () => 'not-needed',
    allowWeakStorage: () => {
      throw new UserFacingError('unavailable', 'Here keys come from the environment and are not stored by StorySprout.');
    },
    get(name) {
      if (name !== 'sync-session-token') return env[ENVIRONMENT_NAMES[name]] || undefined;
      return sessionFile && fs.existsSync(sessionFile) ? fs.readFileSync(sessionFile, 'utf8').trim() || undefined : undefined;
    },
    set(name, value) {
      const file = sessionOnly(name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, value, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
    },
    delete(name) {
      fs.rmSync(sessionOnly(name), { force: true });
    },
  };
}
