import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type ComposeService, composeService, readComposeServices, repositoryRoot } from '@gatehouse/testing';
import { CONFIGURATION_TOKENS, DATABASES, SECRET_FILES, SECRETS_ROOT, SERVICE_USERS } from './compose-layout';

/**
 * docker-compose.yml's wiring: what must agree across services, the init step and the image. CI
 * has no Docker engine; `npm run compose:check` runs the file for real where there is one.
 */
describe('docker-compose.yml wiring', () => {
  const root = repositoryRoot();
  const services = readComposeServices();
  const raw = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      { healthcheck?: { test?: string[]; start_period?: string; interval?: string }; ports?: string[] }
    >;
  };
  const service = (name: string): ComposeService => composeService(name, services);
  const env = (name: string, key: string): string => {
    const value = service(name).environment[key];
    if (value === undefined) throw new Error(`${name} sets no ${key}`);
    return value;
  };
  const host = (url: string) => new URL(url).hostname;
  const apps = Object.keys(SERVICE_USERS) as (keyof typeof SERVICE_USERS)[];

  it('runs the four apps after the one-shot init and tokens steps, on PostgreSQL', () => {
    expect([...services.keys()].sort()).toEqual([
      'auth',
      'discovery-provider',
      'facade',
      'gate',
      'init',
      'postgres',
      'tokens',
    ]);
  });

  it('runs scripts the build produces and mounts files that exist', () => {
    for (const { name, command, volumes } of services.values()) {
      for (const script of command.join(' ').match(/dist\/\S+\.js/g) ?? []) {
        const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
        expect({ service: name, source, exists: existsSync(path.join(root, source)) }).toEqual({
          service: name,
          source,
          exists: true,
        });
      }
      for (const volume of volumes.filter((v) => v.startsWith('./'))) {
        const file = volume.split(':')[0]!;
        expect({ service: name, file, exists: existsSync(path.join(root, file)) }).toEqual({
          service: name,
          file,
          exists: true,
        });
      }
    }
  });

  it('runs each app as its own user, and only the one-shot steps as root', () => {
    for (const app of apps)
      expect({ app, user: service(app).user }).toEqual({
        app,
        user: `${SERVICE_USERS[app]}:${SERVICE_USERS[app]}`,
      });
    expect(service('init').user).toBe('0');
    expect(service('tokens').user).toBe('0');
  });

  it("gives no secret inline: every secret is a file the init or tokens step writes in the service's own folder", () => {
    for (const s of services.values()) {
      for (const [key, value] of Object.entries(s.environment)) {
        expect({
          service: s.name,
          key,
          inline: !key.endsWith('_FILE') && /SECRET|PASSWORD|_KEY$|TOKEN$|DATABASE_URL/.test(key),
        }).toEqual({ service: s.name, key, inline: false });
        expect(value).not.toMatch(/change-me|AAAAAAAAAAAA/);
      }
      for (const [key, file] of Object.entries(s.fromFiles)) {
        const [folder, name] = path.relative(SECRETS_ROOT, file).split('/') as [
          keyof typeof SECRET_FILES,
          string,
        ];
        expect({ service: s.name, key, folder }).toEqual({ service: s.name, key, folder: s.name });
        expect(SECRET_FILES[folder] as readonly string[]).toContain(name);
      }
    }
    for (const [name, permissions] of Object.entries(CONFIGURATION_TOKENS)) {
      expect(Object.values(service(name).fromFiles)).toContain(`${SECRETS_ROOT}/${name}/configuration-token`);
      for (const callee of permissions)
        expect([...services.keys()]).toContain(callee === 'auth' ? 'auth' : callee);
    }
  });

  it('creates a database and role for every app database, with the password the init step wrote', () => {
    const initdb = readFileSync(path.join(root, 'deploy/postgres/initdb/10-gatehouse.sh'), 'utf8');
    const loop = /for app in ([a-z ]+); do/.exec(initdb)![1]!.split(' ');
    expect(loop.map((app) => `gatehouse_${app}`).sort()).toEqual(Object.values(DATABASES).sort());
    const entrypoint = readFileSync(path.join(root, 'deploy/postgres/entrypoint.sh'), 'utf8');
    for (const [app, database] of Object.entries(DATABASES)) {
      const variable = `GATEHOUSE_${database.replace('gatehouse_', '').toUpperCase()}_PASSWORD`;
      expect(entrypoint).toContain(`${variable}=$(cat "$dir/${app}-password")`);
    }
  });

  it('publishes only the gate to the world; auth and the provider on loopback; the rest not at all', () => {
    const ports = (name: string) => raw.services[name]?.ports ?? [];
    expect(ports('gate')).toEqual(['8080:8080']);
    expect(ports('auth')).toEqual(['127.0.0.1:7100:7100']);
    expect(ports('discovery-provider')).toEqual(['127.0.0.1:7000:7000']);
    for (const name of ['postgres', 'facade', 'init', 'tokens'])
      expect({ name, ports: ports(name) }).toEqual({ name, ports: [] });
  });

  it('probes health without starting Node, with a start period', () => {
    for (const app of apps) {
      const check = raw.services[app]!.healthcheck!;
      expect(check.test!.join(' ')).not.toMatch(/\bnode\b/);
      expect(check.start_period).toBeDefined();
      expect(Number.parseInt(check.interval!, 10)).toBeGreaterThanOrEqual(10);
      expect(Number(env(app, 'PORT_PROBE'))).toBeGreaterThan(0);
    }
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toContain(
      'COPY deploy/probe.sh /usr/local/bin/gatehouse-probe',
    );
  });

  it('points every verifier at the one auth issuer and its JWKS', () => {
    const issuer = env('auth', 'AUTH_ISSUER');
    expect(host(issuer)).toBe('auth');
    expect(env('discovery-provider', 'DISCOVERY_AUTH_ISSUER')).toBe(issuer);
    expect(env('gate', 'GATE_TOKEN_ISSUER')).toBe(issuer);
    for (const [name, key] of [
      ['discovery-provider', 'DISCOVERY_AUTH_JWKS_URL'],
      ['gate', 'GATE_JWKS_URL'],
    ] as const) {
      expect(env(name, key)).toBe(`${issuer}/.well-known/jwks.json`);
    }
    for (const [name, key] of [
      ['gate', 'GLS_AUTH_CONNECT'],
      ['tokens', 'AUTH_URL'],
    ] as const) {
      expect(new URL(env(name, key)).origin).toBe(new URL(issuer).origin);
    }
  });

  it('lets the provider reach exactly the hosts the registering services announce (its SSRF allow-list)', () => {
    const allowed = env('discovery-provider', 'DISCOVERY_ALLOWED_HOSTS').split(',');
    for (const [name, key] of [
      ['facade', 'FACADE_PUBLIC_URL'],
      ['gate', 'GATE_PUBLIC_URL'],
    ] as const) {
      expect(allowed).toContain(host(env(name, key)));
    }
    expect(new URL(env('tokens', 'PROVIDER_URL')).origin).toBe(
      new URL(env('discovery-provider', 'DISCOVERY_PUBLIC_URL')).origin,
    );
    expect(new URL(env('gate', 'GLS_FACADE_CONNECT')).origin).toBe(
      new URL(env('facade', 'FACADE_PUBLIC_URL')).origin,
    );
  });
});
