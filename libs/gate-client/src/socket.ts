/**
 * The part of the WebSocket API this library uses: the browser's `WebSocket`, Node's global one
 * (Node 22+) and `ws` all have it. Handlers are typed `(event: never) => void` so that each of
 * those classes, with its own event types, is accepted as it is.
 */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketConstructor = new (url: string) => SocketLike;

export const OPEN = 1;
