import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { BodyTooLargeError, readRawBody } from '../net/read-body';
import type { GateAnswer, GateMessages } from './gate-messages';
import { PROVIDER_SIGNATURE_HEADER, PushRejectedError, type PushVerifier } from './push-verifier';

/** Raw body captured by Nest's `rawBody: true` option, when a JSON parser ran before us. */
type MaybeParsed = IncomingMessage & { rawBody?: unknown; body?: unknown };

/**
 * The gate host endpoint as a plain Node handler, so it serves both as a route of the host app and
 * on its own listener. It reads the exact body bytes itself (the signature covers them), verifies
 * the provider's signature before parsing anything, then answers with JSON. Never throws.
 */
export class GateEndpoint {
  constructor(
    private readonly verifier: PushVerifier,
    private readonly messages: GateMessages,
    private readonly maxBodyBytes: number,
    private readonly logger: LoggerService,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let answer: GateAnswer;
    try {
      answer = await this.answer(req);
    } catch (error) {
      answer = this.failure(error);
      if (error instanceof BodyTooLargeError) res.setHeader('connection', 'close');
    }
    if (res.headersSent) return;
    const body = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private async answer(req: IncomingMessage): Promise<GateAnswer> {
    if (req.method !== 'POST')
      return { status: 405, body: { error: 'method_not_allowed', message: 'POST only' } };
    const raw = await this.rawBody(req as MaybeParsed);
    if (raw === undefined) {
      this.logger.error(
        'discovery gate endpoint: the body was parsed before it could be read; use `listen` or rawBody: true',
      );
      return { status: 500, body: { error: 'raw_body_unavailable', message: 'endpoint misconfigured' } };
    }
    await this.verifier.verify(req.headers[PROVIDER_SIGNATURE_HEADER], raw);
    let message: unknown;
    try {
      message = JSON.parse(raw.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'invalid_json', message: 'body is not JSON' } };
    }
    return this.messages.handle(message);
  }

  private async rawBody(req: MaybeParsed): Promise<Buffer | undefined> {
    if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
    if (req.readableEnded && req.body !== undefined) return undefined;
    return readRawBody(req, this.maxBodyBytes);
  }

  private failure(error: unknown): GateAnswer {
    if (error instanceof PushRejectedError) {
      this.logger.warn?.(`refused a call to the discovery gate endpoint: ${error.message}`);
      return { status: error.status, body: { error: error.code, message: error.message } };
    }
    if (error instanceof BodyTooLargeError)
      return { status: 413, body: { error: 'payload_too_large', message: error.message } };
    this.logger.error(
      `discovery gate endpoint failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { status: 500, body: { error: 'internal_error', message: 'internal error' } };
  }
}
