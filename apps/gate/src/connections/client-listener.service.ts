import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { applyHttpTimeouts, clientAddress, PLATFORM_LOGGER, trustedProxies } from '@gatehouse/platform';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { AuthorizationService } from '../authorization/authorization.service';
import { GATE_CONFIG, type GateConfig } from '../config';
import { answerMessage, decodeMessage } from '../jsonrpc';
import { CallDispatcher } from './call-dispatcher.service';
import { ClientConnection, CloseCode } from './client-connection';
import { ConnectionRegistry } from './connection-registry.service';

const CONNECTION = Symbol('gate.connection');
type GateSocket = WebSocket & { [CONNECTION]: ClientConnection };

/**
 * The client WebSocket listener, a `ws` server owned by this provider rather than a Nest gateway:
 * Nest's WsAdapter parses every frame as `{event, data}` and silently drops anything else (bad
 * JSON, batches), terminates sockets on shutdown without a close frame, fixes the port at
 * decoration time, and runs an rxjs pipeline per connection, all of which conflict with exact
 * JSON-RPC, graceful 1001 closes and the 10 KiB-per-connection budget. Nest still owns its
 * lifecycle (bootstrap, shutdown hooks) and its dependencies.
 */
@Injectable()
export class ClientListener implements OnApplicationBootstrap {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private heartbeat: NodeJS.Timeout | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  /** Anonymous connections in the order they opened, for the login deadline (oldest first). */
  private awaitingLogin: ClientConnection[] = [];
  private stopping = false;
  private readonly trusted;
  private readonly allowedOrigins: ReadonlySet<string>;
  // Shared by every socket (`this` is the socket): no closures allocated per connection.
  private readonly onMessage: (this: WebSocket, data: RawData) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly registry: ConnectionRegistry,
    private readonly dispatcher: CallDispatcher,
    private readonly authorization: AuthorizationService,
  ) {
    this.trusted = trustedProxies(config.trustedProxies);
    this.allowedOrigins = new Set(config.allowedOrigins);
    this.onMessage = createMessageHandler(this);
    this.onClose = createCloseHandler(registry);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: config.limits.maxMessageBytes,
    });
    this.http = createServer((_req, res) => {
      res
        .writeHead(426, { connection: 'Upgrade', upgrade: 'websocket', 'content-type': 'text/plain' })
        .end('WebSocket JSON-RPC only\n');
    });
    applyHttpTimeouts(this.http);
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.config.client.port, this.config.client.host, () => resolve());
    });
    this.heartbeat = setInterval(() => this.sweep(), this.config.limits.clientTimeoutMs).unref();
    const { loginTimeoutMs } = this.config.limits;
    if (this.authorization.enabled && loginTimeoutMs > 0) {
      // A quarter of the deadline (at most 1 s): a connection is closed at most that late.
      this.loginTimer = setInterval(
        () => this.enforceLoginDeadline(),
        Math.min(1_000, Math.max(10, Math.floor(loginTimeoutMs / 4))),
      ).unref();
    }
    if (this.allowedOrigins.size === 0) {
      this.logger.warn(
        "GATE_ALLOWED_ORIGINS is not set: web pages of any site may open a socket to the gate from a user's browser",
      );
    }
    this.logger.info({ host: this.config.client.host, port: this.port }, 'client WebSocket listener ready');
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /**
   * Graceful stop: refuse new connections, answer new calls with "shutting down", let calls in
   * flight finish (bounded), then close every socket with 1001 and wait for the close handshakes.
   */
  async drain(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const connection of this.registry.all()) connection.draining = true;
    const deadline = Date.now() + this.config.drainTimeoutMs;
    while (this.registry.inFlight() > 0 && Date.now() < deadline) await sleep(20);
    for (const connection of this.registry.all())
      connection.close(CloseCode.GoingAway, 'server shutting down');
    const closeDeadline = Date.now() + 3_000;
    while (this.registry.size > 0 && Date.now() < closeDeadline) await sleep(20);
    for (const connection of this.registry.all()) connection.terminate();
    clearInterval(this.heartbeat);
    clearInterval(this.loginTimer);
    this.http.closeAllConnections();
    await closed;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { limits } = this.config;
    if (this.stopping || this.registry.size >= limits.maxConnections)
      return refuseUpgrade(socket, '503 Service Unavailable', true);
    // No Origin: not a browser (no ambient cookies to abuse), so only browsers are held to the list.
    const origin = req.headers.origin;
    if (origin !== undefined && this.allowedOrigins.size > 0 && !this.allowedOrigins.has(origin)) {
      return refuseUpgrade(socket, '403 Forbidden', false);
    }
    const ip = clientAddress(req.socket.remoteAddress, req.headers, this.trusted);
    if (this.registry.countFrom(ip) >= limits.maxConnectionsPerIp)
      return refuseUpgrade(socket, '429 Too Many Requests', true);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ip));
  }

  private accept(ws: WebSocket, ip: string): void {
    const { limits } = this.config;
    const connection = new ClientConnection(
      randomBytes(16).toString('base64url'),
      ip,
      ws,
      limits.maxOutboundBytes,
      limits.rateBurst,
    );
    (ws as GateSocket)[CONNECTION] = connection;
    ws.on('message', this.onMessage);
    ws.on('pong', onPong);
    ws.on('close', this.onClose);
    ws.on('error', onError);
    this.registry.add(connection);
    if (this.loginTimer !== undefined) this.awaitingLogin.push(connection);
    this.authorization.greet(connection);
  }

  /** Closes anonymous connections older than GATE_LOGIN_TIMEOUT_MS: they must not hold capacity for ever. */
  private enforceLoginDeadline(): void {
    const { loginTimeoutMs } = this.config.limits;
    const cutoff = Date.now() - loginTimeoutMs;
    let due = 0;
    for (; due < this.awaitingLogin.length && this.awaitingLogin[due]!.connectedAt <= cutoff; due++) {
      const connection = this.awaitingLogin[due]!;
      if (connection.user === null && connection.open) {
        connection.close(CloseCode.LoginTimeout, `login timeout: not authorized within ${loginTimeoutMs} ms`);
      }
    }
    if (due > 0) this.awaitingLogin.splice(0, due);
  }

  /** @internal used by the shared message handler */
  handle(connection: ClientConnection, data: RawData): void {
    connection.alive = true;
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Buffer.concat(data as Buffer[]).toString('utf8');
    void answerMessage(
      decodeMessage(text, this.config.limits.maxBatch),
      (call) => this.dispatcher.invoke(connection, call),
      (reply) => connection.send(reply),
      (failure) => this.dispatcher.invalid(connection, failure),
    );
  }

  /** One timer for all sockets: a socket silent for a whole period is cut, the others pinged. */
  private sweep(): void {
    const now = Date.now();
    for (const connection of this.registry.all()) {
      // A paused socket is silent because the gate stopped reading it, not because the client left.
      if (!connection.alive && !connection.paused) {
        connection.terminate();
        continue;
      }
      connection.alive = false;
      connection.ping();
      if (connection.tokenExpiresAt !== 0 && now >= connection.tokenExpiresAt)
        this.authorization.expire(connection);
    }
  }
}

const connectionOf = (socket: WebSocket): ClientConnection => (socket as GateSocket)[CONNECTION];

function createMessageHandler(listener: ClientListener): (this: WebSocket, data: RawData) => void {
  return function (this: WebSocket, data: RawData): void {
    listener.handle(connectionOf(this), data);
  };
}

function createCloseHandler(registry: ConnectionRegistry): (this: WebSocket) => void {
  return function (this: WebSocket): void {
    const connection = connectionOf(this);
    registry.remove(connection);
    connection.dropWaiting();
  };
}

function onPong(this: WebSocket): void {
  connectionOf(this).alive = true;
}

function onError(this: WebSocket): void {
  // ws has already closed the socket with the right code (1009 too big, 1007 bad UTF-8, 1002).
}

/** Answers an upgrade the gate will not take, before any WebSocket handshake. */
function refuseUpgrade(socket: Duplex, status: string, retryLater: boolean): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${retryLater ? 'Retry-After: 1\r\n' : ''}\r\n`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
