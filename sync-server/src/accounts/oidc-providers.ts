import * as oidc from 'openid-client';
import type { SyncServerConfig } from '../config';
import { APPLE_SECRET_RENEW_MS, appleClientSecret } from './apple-client-secret';

export const OIDC_PROVIDERS = ['google', 'apple'] as const;
export type OidcProviderName = (typeof OIDC_PROVIDERS)[number];

interface ProviderSettings {
  issuer: URL;
  clientId: string;
  /** A fixed secret, or one minted afresh (Apple's) every so often. */
  clientSecret?: string | { mint(): Promise<string>; renewAfterMs: number };
}

/**
 * The OpenID Connect providers this server offers, discovered on first use and kept. An issuer on
 * this computer (a test's provider) may be plain HTTP; every other one must be HTTPS.
 */
export function oidcProviders(config: SyncServerConfig) {
  const settings: Partial<Record<OidcProviderName, ProviderSettings>> = {
    ...(config.OIDC_GOOGLE_CLIENT_ID && { google: { issuer: new URL(config.OIDC_GOOGLE_ISSUER), clientId: config.OIDC_GOOGLE_CLIENT_ID, clientSecret: config.OIDC_GOOGLE_CLIENT_SECRET } }),
    ...(config.OIDC_APPLE_CLIENT_ID && { apple: { issuer: new URL(config.OIDC_APPLE_ISSUER), clientId: config.OIDC_APPLE_CLIENT_ID, clientSecret: appleSecret(config, config.OIDC_APPLE_CLIENT_ID) } }),
  };
  const discovered = new Map<OidcProviderName, { configuration: Promise<oidc.Configuration>; renewAt: number }>();
  return {
    offered: (name: OidcProviderName) => settings[name] !== undefined,
    configuration(name: OidcProviderName): Promise<oidc.Configuration> {
      const provider = settings[name];
      if (!provider) throw new Error(`${name} sign-in is not set up on this server`);
      const known = discovered.get(name);
      if (known && known.renewAt > Date.now()) return known.configuration;
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(provider.issuer.hostname);
      const secret = provider.clientSecret;
      const configuration = (async () => {
        const clientSecret = typeof secret === 'object' ? await secret.mint() : secret;
        return oidc.discovery(provider.issuer, provider.clientId, clientSecret, undefined, loopback ? { execute: [oidc.allowInsecureRequests] } : undefined);
      })();
      // A failed discovery is tried again next time, not remembered.
      configuration.catch(() => discovered.delete(name));
      discovered.set(name, { configuration, renewAt: typeof secret === 'object' ? Date.now() + secret.renewAfterMs : Number.POSITIVE_INFINITY });
      return configuration;
    },
  };
}

export type OidcProviders = ReturnType<typeof oidcProviders>;

function appleSecret(config: SyncServerConfig, clientId: string): ProviderSettings['clientSecret'] {
  const { OIDC_APPLE_TEAM_ID: teamId, OIDC_APPLE_KEY_ID: keyId, OIDC_APPLE_PRIVATE_KEY: privateKeyPem } = config;
  if (!teamId || !keyId || !privateKeyPem) return config.OIDC_APPLE_CLIENT_SECRET;
  return { mint: () => appleClientSecret({ teamId, keyId, privateKeyPem, clientId }), renewAfterMs: APPLE_SECRET_RENEW_MS };
}
