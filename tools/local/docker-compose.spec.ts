import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type ComposeService, composeService, readComposeServices, repositoryRoot } from '@gatehouse/testing';

/**
 * docker-compose.yml cannot run on a machine without a Docker engine (CI has none), so its wiring
 * is checked here: files, databases, hosts and credentials that must agree across services. Each
 * app's own suite checks its service's environment against the app's configuration schema.
 */
describe('docker-compose.yml wiring', () => {
  const root = repositoryRoot();
  const services = readComposeServices();
  const service = (name: string): ComposeService => composeService(name, services);
  const env = (name: string, key: string): string => {
    const value = service(name).environment[key];
    if (value === undefined) throw new Error(`${name} sets no ${key}`);
    return value;
  };
  const host = (url: string) => new URL(url).hostname;

  it('runs the four apps and the one-shot token step on PostgreSQL', () => {
    expect([...services.keys()].sort()).toEqual(['auth', 'discovery-provider', 'facade', 'gate', 'postgres', 'tokens']);
  });

  it('runs scripts the build produces and mounts files that exist', () => {
    for (const { name, command, volumes } of services.values()) {
      for (const script of command.join(' ').match(/dist\/\S+\.js/g) ?? []) {
        const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
        expect({ service: name, source, exists: existsSync(path.join(root, source)) }).toEqual({ service: name, source, exists: true });
      }
      for (const volume of volumes.filter((v) => v.startsWith('./'))) {
        const file = volume.split(':')[0]!;
        expect({ service: name, file, exists: existsSync(path.join(root, file)) }).toEqual({ service: name, file, exists: true });
      }
    }
  });

  it('creates every database an app connects to', () => {
    const init = readFileSync(path.join(root, 'deploy/postgres-init.sql'), 'utf8');
    const created = new Set([...init.matchAll(/CREATE DATABASE (\w+)/g)].map((m) => m[1]));
    const used = [...services.values()].flatMap((s) => (s.environment['DATABASE_URL'] ? [new URL(s.environment['DATABASE_URL']).pathname.slice(1)] : []));
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const database of used) expect(created).toContain(database);
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

  it("lets the provider reach exactly the hosts the registering services announce (its SSRF allow-list)", () => {
    const allowed = env('discovery-provider', 'DISCOVERY_ALLOWED_HOSTS').split(',');
    for (const [name, key] of [
      ['facade', 'FACADE_PUBLIC_URL'],
      ['gate', 'GATE_PUBLIC_URL'],
    ] as const) {
      expect(allowed).toContain(host(env(name, key)));
    }
    expect(new URL(env('tokens', 'PROVIDER_URL')).origin).toBe(new URL(env('discovery-provider', 'DISCOVERY_PUBLIC_URL')).origin);
    expect(new URL(env('gate', 'GLS_FACADE_CONNECT')).origin).toBe(new URL(env('facade', 'FACADE_PUBLIC_URL')).origin);
  });

  it('gives the gate and the facade the configuration tokens the token step writes', () => {
    expect(service('facade').fromFiles).toEqual({ FACADE_CONFIGURATION_TOKEN: '/tokens/facade' });
    expect(service('gate').fromFiles).toEqual({ GATE_DISCOVERY_TOKEN: '/tokens/gate' });
    const tokensDir = service('tokens').command.at(-1);
    expect(tokensDir).toBe('/tokens');
  });

  it('uses only credentials the bootstrap example defines, with the roles they need', () => {
    const mount = service('auth').volumes.find((v) => v.endsWith(':ro') && v.includes('bootstrap'))!;
    const [file, target] = mount.split(':');
    expect(env('auth', 'AUTH_BOOTSTRAP_FILE')).toBe(target);
    const bootstrap = JSON.parse(readFileSync(path.join(root, file!), 'utf8')) as {
      clients: Array<{ clientId: string; clientSecret?: string; grants: string[]; roles?: string[] }>;
    };
    const client = (id: string) => bootstrap.clients.find((c) => c.clientId === id);
    const operator = client(env('tokens', 'OPERATOR_ID'));
    expect(operator).toMatchObject({ clientSecret: env('tokens', 'OPERATOR_SECRET'), grants: expect.arrayContaining(['client_credentials']) });
    expect(operator?.roles).toContain('admin');
    expect(client(env('gate', 'GATE_AUTH_CLIENT_ID'))).toMatchObject({ clientSecret: env('gate', 'GATE_AUTH_CLIENT_SECRET') });
  });
});
