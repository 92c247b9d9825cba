import type { ProviderFactories } from './provider-registry';

/** The network providers this build ships. */
export const providerFactories: ProviderFactories = {};
