import { GATE_LINK_SUBPROTOCOL, JsonRpcErrorCode } from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { FacadeError, readAnswer } from './facade-answer';
import type { PendingCall } from './pending-call';

export interface FacadeLinkOptions {
  timeoutMs: number;
  /** Calls on the link without an answer yet; over it a call fails at once (1104). */
  maxInFlight: number;
  /** Messages per frame, and the characters a frame stops growing at. */
  maxBatch: number;
  maxFrameChars: number;
  /**
   * Frames the facade has not begun to answer before further calls wait for one (0: every turn's
   * calls leave at once). See `FacadeLink`.
   */
  window: number;
}

/** How long a full window may hold calls back when the facade answers none of its frames (slow calls). */
const WINDOW_WAIT_MS = 5;

/** A frame on the wire with calls in it, until the facade's first answer to any of them. */
interface SentFrame {
  acked: boolean;
}

/** Why a link ended: the facade answered the upgrade with HTTP (it speaks HTTP only), or anything else. */
export type LinkEnd = 'not-offered' | 'lost';

/**
 * One WebSocket to the facade carrying JSON-RPC (`GATE_LINK_SUBPROTOCOL`, PROTOCOL.md 3.1): calls
 * are matched to answers by the gate's own ids, so any number share the connection and each is
 * answered when it is done. The calls sent in one turn of the event loop leave as one frame (idle:
 * one call, with no wait).
 *
 * **Window.** Each frame costs a write on the gate and a read and a dispatch on the facade, and in
 * a closed loop clients' calls arrive a few per turn, so frames stayed at about one call each (the
 * profile: over half the gate's CPU in `writev`). So at most `window` frames may be on the wire
 * that the facade has not begun to answer; further calls wait, and leave as one frame as soon as
 * an answer comes back (the facade has read a frame, so it is ready for the next). An idle link has
 * an empty window and adds no wait. Answers are still per call: a slow call only holds its frame's
 * slot until `WINDOW_WAIT_MS`, never another call's answer. Hardening as over HTTP: at most `maxInFlight` unanswered (then
 * 1104 at once), each bounded by `timeoutMs` (1104), and when the link drops every call on it fails
 * with 1104 at once rather than waiting for its timeout.
 */
export class FacadeLink {
  private readonly socket: WebSocket;
  private readonly inFlight = new Map<number, { call: PendingCall; sentAt: number; frame?: SentFrame }>();
  private frame: PendingCall[] = [];
  private frameChars = 0;
  private readonly unacked = new Set<SentFrame>();
  private flushQueued = false;
  private windowTimer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private opened = false;
  private retiring = false;

  constructor(
    readonly key: string,
    url: string,
    token: string | undefined,
    private readonly options: FacadeLinkOptions,
    private readonly logger: Logger,
    private readonly ended: (link: FacadeLink, why: LinkEnd) => void,
  ) {
    const wsUrl = url.replace(/^http/, 'ws');
    this.socket = new WebSocket(wsUrl, GATE_LINK_SUBPROTOCOL, {
      perMessageDeflate: false,
      handshakeTimeout: options.timeoutMs,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    let refused = false;
    // Any HTTP answer but 101 (404 from an HTTP-only facade, 400, 401): this facade has no link for us.
    this.socket.on('unexpected-response', (_req, res) => {
      refused = true;
      res.resume();
      this.socket.terminate();
    });
    this.socket.on('open', () => {
      this.opened = true;
      this.sweeper = setInterval(
        () => this.sweep(),
        Math.max(10, Math.min(1000, options.timeoutMs / 4)),
      ).unref();
      logger.info({ url: wsUrl }, 'facade link open: calls go over one WebSocket');
    });
    this.socket.on('message', (data) => this.received(String(data)));
    this.socket.on('error', (error) => logger.debug({ err: error }, 'facade link error'));
    this.socket.on('close', (code, reason) => {
      clearInterval(this.sweeper);
      if (this.opened && !this.retiring) logger.warn({ code, reason: String(reason) }, 'facade link lost');
      this.failAll(this.opened ? 'facade link lost' : 'facade unreachable');
      this.ended(this, refused ? 'not-offered' : 'lost');
    });
  }

  get open(): boolean {
    return this.opened && !this.retiring && this.socket.readyState === WebSocket.OPEN;
  }

  get busy(): boolean {
    return this.inFlight.size > 0 || this.frame.length > 0;
  }

  send(call: PendingCall): void {
    if (call.id !== undefined) {
      if (this.inFlight.size >= this.options.maxInFlight) {
        return call.reject(new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade backlog full'));
      }
      this.inFlight.set(call.id, { call, sentAt: Date.now() });
    }
    if (
      this.frame.length > 0 &&
      (this.frame.length >= this.options.maxBatch ||
        this.frameChars + call.text.length > this.options.maxFrameChars)
    ) {
      this.flush();
    }
    this.frame.push(call);
    this.frameChars += call.text.length + 1;
    this.schedule();
  }

  /** No new calls; closes once the calls on it are answered (the target moved). */
  retire(): void {
    this.retiring = true;
    if (!this.busy) this.socket.close(1000);
  }

  close(): void {
    this.retiring = true;
    this.socket.terminate();
  }

  /** The waiting calls leave at the end of this turn when the window has room, else on the next answer. */
  private schedule(): void {
    if (this.flushQueued || this.frame.length === 0) return;
    if (this.options.window === 0 || this.unacked.size < this.options.window) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
      return;
    }
    this.windowTimer ??= setTimeout(() => {
      this.windowTimer = undefined;
      for (const sent of this.unacked) sent.acked = true;
      this.unacked.clear();
      this.schedule();
    }, WINDOW_WAIT_MS);
  }

  private flush(): void {
    const frame = this.frame;
    if (frame.length === 0) return;
    this.frame = [];
    this.frameChars = 0;
    let sent: SentFrame | undefined;
    for (const call of frame) {
      const entry = call.id === undefined ? undefined : this.inFlight.get(call.id);
      if (!entry) continue;
      sent ??= { acked: false };
      entry.frame = sent;
    }
    if (sent) this.unacked.add(sent);
    const text = frame.length === 1 ? frame[0]!.text : `[${frame.map((c) => c.text).join(',')}]`;
    // A notification counts as taken once it is written (the sender's in-flight slot waits for it).
    this.socket.send(text, (error) => {
      for (const call of frame) {
        if (call.id !== undefined) continue;
        if (error) call.reject(new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade link lost'));
        else call.resolve(undefined);
      }
    });
  }

  private received(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.logger.warn('facade link: a frame that is not JSON');
      return;
    }
    for (const value of Array.isArray(parsed) ? parsed : [parsed]) {
      const read = readAnswer(value);
      const entry = typeof read?.id === 'number' ? this.inFlight.get(read.id) : undefined;
      if (!read || !entry) continue;
      this.inFlight.delete(read.id as number);
      if (entry.frame && !entry.frame.acked) {
        entry.frame.acked = true;
        this.unacked.delete(entry.frame);
      }
      entry.call.resolve(read.answer);
    }
    if (this.unacked.size < this.options.window && this.windowTimer !== undefined) {
      clearTimeout(this.windowTimer);
      this.windowTimer = undefined;
    }
    this.schedule();
    if (this.retiring && !this.busy) this.socket.close(1000);
  }

  /** Ids grow with time, so the map's order is the sending order: stop at the first call in time. */
  private sweep(): void {
    const expired = Date.now() - this.options.timeoutMs;
    for (const [id, entry] of this.inFlight) {
      if (entry.sentAt > expired) break;
      this.inFlight.delete(id);
      entry.call.reject(
        new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade unreachable or timed out'),
      );
    }
  }

  private failAll(reason: string): void {
    const error = new FacadeError(JsonRpcErrorCode.FacadeUnavailable, reason);
    for (const { call } of this.inFlight.values()) call.reject(error);
    this.inFlight.clear();
    this.unacked.clear();
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    const frame = this.frame;
    this.frame = [];
    for (const call of frame) if (call.id === undefined) call.reject(error);
  }
}
