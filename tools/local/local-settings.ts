import path from 'node:path';
import { z } from 'zod';
import { parseConfig } from '@gatehouse/platform';

// GATEHOUSE_BASE_PORT moves every port at once (auth = base, provider +1, facade +2, gate +3,
// connector +4, web example +5), so a test or a second checkout can run the system beside a running one.
const DEFAULT_PORTS = { auth: 7100, provider: 7000, facade: 7300, gate: 8080, connector: 8081, web: 8090 };
export type LocalPorts = typeof DEFAULT_PORTS;
const PORT_COUNT = Object.keys(DEFAULT_PORTS).length;

const settingsSchema = z.object({
  GATEHOUSE_BASE_PORT: z.coerce
    .number()
    .int()
    .refine(
      (port) => port === 0 || (port >= 1024 && port <= 65535 - PORT_COUNT),
      `a port from 1024 to ${65535 - PORT_COUNT} (the ${PORT_COUNT - 1} above it are used too), or 0 for the default ports`,
    )
    .default(0),
  GATEHOUSE_DB_PREFIX: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'lowercase letters, digits and _ (a PostgreSQL database name prefix)')
    .default('gatehouse'),
  GATEHOUSE_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  GATEHOUSE_LOG_FORMAT: z.enum(['pretty', 'json', 'auto']).default('auto'),
});

export interface LocalSettings {
  ports: LocalPorts;
  dbPrefix: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Readable lines on a terminal, the apps' JSON otherwise (or as GATEHOUSE_LOG_FORMAT says). */
  logFormat: 'pretty' | 'json';
}

/** The runner's environment, checked like an app's: a bad variable is one line naming it. */
export function localSettings(env: NodeJS.ProcessEnv, root: string, terminal: boolean): LocalSettings {
  const parsed = parseConfig(settingsSchema, env);
  const base = parsed.GATEHOUSE_BASE_PORT;
  const ports = base
    ? { auth: base, provider: base + 1, facade: base + 2, gate: base + 3, connector: base + 4, web: base + 5 }
    : DEFAULT_PORTS;
  return {
    ports,
    dbPrefix: parsed.GATEHOUSE_DB_PREFIX,
    dataDir: parsed.GATEHOUSE_DATA_DIR ? path.resolve(parsed.GATEHOUSE_DATA_DIR) : path.join(root, '.data'),
    databaseUrl: parsed.DATABASE_URL,
    logFormat:
      parsed.GATEHOUSE_LOG_FORMAT === 'auto' ? (terminal ? 'pretty' : 'json') : parsed.GATEHOUSE_LOG_FORMAT,
  };
}
