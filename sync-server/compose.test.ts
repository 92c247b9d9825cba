import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema, readConfig } from './src/config';

// Docker cannot run where the tests run, so these read the files as Docker and Compose would and
// hold them to the server's own settings: a renamed or newly required setting fails here, not on
// a server.

const read = (file: string) => fs.readFileSync(path.join(import.meta.dirname, file), 'utf8');

interface Service {
  build?: { context: string; dockerfile: string };
  env_file?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parseYaml(read('compose.yaml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const server = compose.services['sync-server']!;

const exampleText = read('.env.example');
const exampleValues = parseEnv(exampleText) as Record<string, string>;
/** Every name .env.example sets or offers behind a #. */
const exampleNames = [...exampleText.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);

const dockerfile = read('Dockerfile');
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const imageEnvironment = Object.fromEntries(
  [...finalStage.matchAll(/^ENV (.+)$/gm)].flatMap((match) => match[1]!.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
);

const settingNames = new Set(Object.keys(configSchema.shape));
// Node's own, not the server's.
const nodeSettings = new Set(['NODE_ENV']);

/**
 * `${NAME}`, `${NAME:?why}` and `${NAME:-fallback}` as Compose fills them from .env. Compose
 * refuses to start, saying why, when a `:?` one is unset or empty; `lenient` instead leaves out
 * the setting it fills, to see what the server itself would make of its absence.
 */
function interpolate(text: string, values: Record<string, string>, lenient: boolean): string | undefined {
  let missing = false;
  const filled = text.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, word?: string) => {
    const value = values[name];
    if (value) return value;
    if (kind === '?' && !lenient) throw new Error(word);
    missing ||= kind === '?';
    return kind === '-' ? word! : '';
  });
  return missing ? undefined : filled;
}

/** What the server's process would be given: the image's ENV, then .env, then compose.yaml's environment. */
function containerEnvironment(values: Record<string, string>, { lenient = false } = {}): Record<string, string> {
  const fromCompose = Object.entries(server.environment ?? {}).flatMap(([name, value]) => {
    const filled = interpolate(value, values, lenient);
    return filled === undefined ? [] : [[name, filled] as const];
  });
  return { ...imageEnvironment, ...values, ...Object.fromEntries(fromCompose) };
}

describe('compose.yaml', () => {
  it('runs the server from this Dockerfile, with PostgreSQL and Redis, each keeping its data in a named volume', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'sync-server']);
    expect(fs.existsSync(path.join(import.meta.dirname, server.build!.context, server.build!.dockerfile))).toBe(true);
    for (const [name, service] of Object.entries(compose.services)) {
      const namedVolumes = (service.volumes ?? []).map((mount) => mount.split(':')[0]!);
      expect(namedVolumes, name).not.toEqual([]);
      for (const volume of namedVolumes) expect(compose.volumes, `${name}'s ${volume}`).toHaveProperty([volume]);
    }
  });

  it('starts the server once PostgreSQL and Redis answer their health checks, and only where the reverse proxy reaches it', () => {
    for (const [dependency, { condition }] of Object.entries(server.depends_on ?? {})) {
      expect(condition).toBe('service_healthy');
      expect(compose.services[dependency]!.healthcheck?.test).toBeDefined();
    }
    expect(Object.keys(server.depends_on ?? {}).sort()).toEqual(['postgres', 'redis']);
    expect(server.ports).toEqual([`127.0.0.1:${imageEnvironment.PORT}:${imageEnvironment.PORT}`]);
    expect(server.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(server.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('sets only settings the server has', () => {
    expect(Object.keys(server.environment ?? {}).filter((name) => !settingNames.has(name))).toEqual([]);
    expect(Object.keys(imageEnvironment).filter((name) => !settingNames.has(name) && !nodeSettings.has(name))).toEqual([]);
  });

  it('is given by .env.example only settings the server has, and what compose.yaml itself fills in', () => {
    expect(server.env_file).toBe('.env');
    const composeVariables = new Set([...read('compose.yaml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]!));
    expect(exampleNames.filter((name) => !settingNames.has(name) && !composeVariables.has(name))).toEqual([]);
  });

  it('starts a server whose settings pass, from .env.example as it stands', () => {
    const config = readConfig(containerEnvironment(exampleValues));
    expect(config).toMatchObject({ HOST: '0.0.0.0', DATA_DIR: '/data', TRUST_PROXY: 'true', PUBLIC_URL: 'https://sync.example.com' });
    expect(config.DATABASE_URL).toMatch(/^postgres:\/\/storysprout:/);
  });

  it('refuses to start without each setting the server cannot start without', () => {
    const without = (name: string) => Object.fromEntries(Object.entries(exampleValues).filter(([other]) => other !== name));
    const requiredByServer = Object.keys(exampleValues).filter((name) => {
      try {
        readConfig(containerEnvironment(without(name), { lenient: true }));
        return false;
      } catch {
        return true;
      }
    });
    expect(requiredByServer).toEqual(expect.arrayContaining(['PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM']));
    // PostgreSQL's image will not make its database without a password either.
    for (const name of [...requiredByServer, 'POSTGRES_PASSWORD']) {
      expect(() => containerEnvironment(without(name)), name).toThrow(new RegExp(`set ${name} in \\.env`));
    }
  });
});

describe('the Dockerfile', () => {
  it('installs only the server’s packages, runs as a user other than root, and checks its health at /readyz', () => {
    expect(dockerfile).toMatch(/npm ci -w @storysprout\/sync-server --include-workspace-root=false --omit=dev/);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    expect(finalStage).toMatch(new RegExp(`^EXPOSE ${imageEnvironment.PORT}$`, 'm'));
  });
});
