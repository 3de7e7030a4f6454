import { connect } from 'node:net';

/**
 * Writes `bytes` on a raw TCP connection to 127.0.0.1:`port` and sends nothing more: what the
 * server answers before it closes the socket (for requests no HTTP client would send, such as a
 * slowloris' unfinished headers).
 */
export function rawHttpExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}
