import * as oidc from 'openid-client';
import type { SyncServerConfig } from '../config';

export const OIDC_PROVIDERS = ['google', 'apple'] as const;
export type OidcProviderName = (typeof OIDC_PROVIDERS)[number];

interface ProviderSettings {
  issuer: URL;
  clientId: string;
  clientSecret?: string;
}

/**
 * The OpenID Connect providers this server offers, discovered on first use and kept. An issuer on
 * this computer (a test's provider) may be plain HTTP; every other one must be HTTPS.
 */
export function oidcProviders(config: SyncServerConfig) {
  const settings: Partial<Record<OidcProviderName, ProviderSettings>> = {
    ...(config.OIDC_GOOGLE_CLIENT_ID && { google: { issuer: new URL(config.OIDC_GOOGLE_ISSUER), clientId: config.OIDC_GOOGLE_CLIENT_ID, clientSecret: config.OIDC_GOOGLE_CLIENT_SECRET } }),
    ...(config.OIDC_APPLE_CLIENT_ID && { apple: { issuer: new URL(config.OIDC_APPLE_ISSUER), clientId: config.OIDC_APPLE_CLIENT_ID, clientSecret: config.OIDC_APPLE_CLIENT_SECRET } }),
  };
  const discovered = new Map<OidcProviderName, Promise<oidc.Configuration>>();
  return {
    offered: (name: OidcProviderName) => settings[name] !== undefined,
    configuration(name: OidcProviderName): Promise<oidc.Configuration> {
      const provider = settings[name];
      if (!provider) throw new Error(`${name} sign-in is not set up on this server`);
      let found = discovered.get(name);
      if (!found) {
        const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(provider.issuer.hostname);
        found = oidc.discovery(provider.issuer, provider.clientId, provider.clientSecret, undefined, loopback ? { execute: [oidc.allowInsecureRequests] } : undefined);
        // A failed discovery is tried again next time, not remembered.
        found.catch(() => discovered.delete(name));
        discovered.set(name, found);
      }
      return found;
    },
  };
}

export type OidcProviders = ReturnType<typeof oidcProviders>;
