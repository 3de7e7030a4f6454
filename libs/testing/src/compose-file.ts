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
   * Variables the command sets itself before `exec` (`NAME=$$(cat /tokens/x)`), mapped to the
   * file they are read from: the one-shot `tokens` service writes those files.
   */
  fromFiles: Record<string, string>;
  command: string[];
  volumes: string[];
  /** Container ports published to the host (`host:container` → container). */
  publishedPorts: number[];
}

interface RawService {
  ports?: string[];
  environment?: Record<string, string | number | boolean>;
  command?: string[];
  volumes?: string[];
}

/**
 * Reads the repository's docker-compose.yml (anchors and `<<` merges resolved), so tests can hold
 * it to the apps' own configuration schemas: this machine has no Docker engine to run it.
 */
export function readComposeServices(file = path.join(repositoryRoot(), 'docker-compose.yml')): Map<string, ComposeService> {
  const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as { services?: Record<string, RawService> };
  const services = new Map<string, ComposeService>();
  for (const [name, raw] of Object.entries(doc.services ?? {})) {
    const command = raw.command ?? [];
    services.set(name, {
      name,
      environment: Object.fromEntries(Object.entries(raw.environment ?? {}).map(([key, value]) => [key, withDefaults(String(value))])),
      fromFiles: fileAssignments(command),
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

function fileAssignments(command: string[]): Record<string, string> {
  const script = command[0] === 'sh' && command[1] === '-c' ? (command[2] ?? '') : '';
  return Object.fromEntries([...script.matchAll(/([A-Z0-9_]+)=\$\$\(cat ([^)\s]+)\)/g)].map((m) => [m[1]!, m[2]!]));
}

/**
 * The environment a compose service's app starts with: its `environment`, plus a stand-in for each
 * variable its command reads from a file (the token step writes those at run time).
 */
export function composeEnvironment(name: string, services = readComposeServices()): Record<string, string> {
  const service = composeService(name, services);
  const standIns = Object.keys(service.fromFiles).map((key) => [key, `written-by-the-token-step.${key}.stand-in`]);
  return { ...service.environment, ...Object.fromEntries(standIns) };
}

/** One service of `services`; throws when docker-compose.yml has none of that name. */
export function composeService(name: string, services: Map<string, ComposeService>): ComposeService {
  const service = services.get(name);
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}
