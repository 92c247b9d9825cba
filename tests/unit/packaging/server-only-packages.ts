/**
 * What only the sync server runs. A family's computer never installs these: the app's production
 * dependencies are what electron-builder packs into the installer.
 */
export const SERVER_ONLY = [
  '@aws-sdk/',
  '@sentry/',
  '@fastify/cookie',
  '@fastify/helmet',
  '@fastify/multipart',
  '@fastify/rate-limit',
  '@fastify/swagger',
  'argon2',
  'fastify-type-provider-zod',
  'ioredis',
  'jose',
  'nodemailer',
  'openapi-types',
  'openid-client',
  'pg',
  'prom-client',
  'rate-limiter-flexible',
  'stripe',
];
export const isServerOnly = (name: string) => SERVER_ONLY.some((entry) => (entry.endsWith('/') ? name.startsWith(entry) : name === entry));
