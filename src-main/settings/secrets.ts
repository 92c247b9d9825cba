import { UserFacingError } from '../errors';

export type SecretName = 'openai-api-key';

/**
 * Where API keys live. The desktop app keeps them encrypted with the operating system's keychain
 * (Electron safeStorage); the CLI and the browser host read them from the environment. Either
 * way a key is only ever read by the core: no bridge call returns one.
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
}

const ENVIRONMENT_NAMES: Record<SecretName, string> = { 'openai-api-key': 'OPENAI_API_KEY' };

export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    storage: 'environment',
    weakStorage: () => 'not-needed',
    allowWeakStorage: () => {
      throw new UserFacingError('unavailable', 'Here keys come from the environment and are not stored by StorySprout.');
    },
    get: (name) => env[ENVIRONMENT_NAMES[name]] || undefined,
    set: (name) => {
      throw new UserFacingError(
        'unavailable',
        `Here keys come from the environment: set ${ENVIRONMENT_NAMES[name]} before starting StorySprout.`,
      );
    },
  };
}
