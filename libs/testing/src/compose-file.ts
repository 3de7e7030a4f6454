import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from './repository-root';

/** One service of docker-compose.yml, as the container would see it. */
export interface ComposeService {
  name: string;
  /** `environment`, with `${NAME:-default}` read as its default (what an unset variable gives). */
  environment: Record<string, string>;
  /**
   * Variables the app reads from a file (`NAME_FILE: /run/gatehouse/...`, the Docker secrets
   * convention), mapped to that file: the one-shot `init` and `tokens` services write them.
   */
  fromFiles: Record<string, string>;
  /** `user:` of the service (uid[:gid]), when set. */
  user: string | undefined;
  command: string[];
  volumes: string[];
  /** Container ports published to the host (`host:container` → container). */
  publishedPorts: number[];
}

interface RawService {
  ports?: string[];
  user?: string;
  environment?: Record<string, string | number | boolean>;
  command?: string[];
  volumes?: string[];
}

/**
 * Reads the repository's docker-compose.yml (anchors and `<<` merges resolved), so tests can hold
 * it to the apps' own configuration schemas: this machine has no Docker engine to run it.
 */
export function readComposeServices(
  file = path.join(repositoryRoot(), 'docker-compose.yml'),
): Map<string, ComposeService> {
  const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as { services?: Record<string, RawService> };
  const services = new Map<string, ComposeService>();
  for (const [name, raw] of Object.entries(doc.services ?? {})) {
    const command = raw.command ?? [];
    const environment = Object.fromEntries(
      Object.entries(raw.environment ?? {}).map(([key, value]) => [key, withDefaults(String(value))]),
    );
    services.set(name, {
      name,
      environment,
      fromFiles: Object.fromEntries(
        Object.entries(environment).flatMap(([key, value]) =>
          key.endsWith('_FILE') ? [[key.slice(0, -5), value]] : [],
        ),
      ),
      user: raw.user,
      command,
      volumes: raw.volumes ?? [],
      publishedPorts: (raw.ports ?? []).map((mapping) => Number(mapping.split(':').at(-1))),
    });
  }
  return services;
}

function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, (_match, fallback: string) => fallback);
}

/**
 * The environment a compose service's app starts with: the image's `ENV` (the Dockerfile's last
 * stage: `NODE_ENV=production`), the service's `environment`, and for each `X_FILE` the value `X`
 * the file will hold at run time: `standIns[X]`, or a placeholder string.
 */
export function composeEnvironment(
  name: string,
  services = readComposeServices(),
  standIns: Record<string, string> = {},
): Record<string, string> {
  const service = composeService(name, services);
  const environment = Object.fromEntries(
    Object.entries(service.environment).filter(([key]) => !key.endsWith('_FILE')),
  );
  const files = Object.entries(service.fromFiles).map(([key, file]) => [
    key,
    standIns[key] ?? `stand-in for ${file}`,
  ]);
  return { ...imageEnvironment(), ...environment, ...Object.fromEntries(files) };
}

/** `ENV` lines of the Dockerfile's last stage: what every container of the image starts with. */
export function imageEnvironment(file = path.join(repositoryRoot(), 'Dockerfile')): Record<string, string> {
  const stages = readFileSync(file, 'utf8').split(/^FROM /m);
  return Object.fromEntries(
    [...(stages.at(-1) ?? '').matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
  );
}

/** One service of `services`; throws when docker-compose.yml has none of that name. */
export function composeService(name: string, services: Map<string, ComposeService>): ComposeService {
  const service = services.get(name);
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}
