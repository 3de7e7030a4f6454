import { createServer } from 'node:net';

/**
 * Refuses to start anything when one of the ports is taken: "port 8080 (gate) is in use" before
 * PostgreSQL starts says more than an app dying later with EADDRINUSE among its logs.
 */
export async function assertPortsFree(host: string, ports: Record<string, number>): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    if (!(await canListen(host, port))) {
      throw new Error(
        `port ${port} (${name}) on ${host} is in use: stop what holds it (another npm start?), or set GATEHOUSE_BASE_PORT to move every port`,
      );
    }
  }
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
