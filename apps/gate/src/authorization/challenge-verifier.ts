import {
  type ChallengeCheckRequest,
  type ChallengeCheckResponse,
  challengeCheckResponseSchema,
  JsonRpcErrorCode,
  JsonRpcException,
} from '@gatehouse/protocol';
import type { Logger } from 'pino';

export interface ChallengeVerifierOptions {
  authUrl: string;
  clientId: string;
  clientSecret: string | undefined;
  timeoutMs: number;
}

/**
 * Asks the auth service whether `sign` is the user's signature over `secret` (POST
 * /challenge/verify, the gate authenticated with HTTP Basic). 400 is the client's malformed data
 * (1102); 401/403/429 are a refusal (1103); anything else is our problem, not the client's.
 */
export class ChallengeVerifier {
  private readonly url: string;
  private readonly authorization: string | undefined;

  constructor(
    private readonly options: ChallengeVerifierOptions,
    private readonly logger: Logger,
  ) {
    this.url = `${options.authUrl}/challenge/verify`;
    this.authorization =
      options.clientSecret === undefined
        ? undefined
        : `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
  }

  async verify(request: ChallengeCheckRequest): Promise<ChallengeCheckResponse> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      this.logger.error({ err: error }, 'auth service unreachable');
      throw unavailable();
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 200) {
      const parsed = challengeCheckResponseSchema.safeParse(body);
      if (parsed.success) return parsed.data;
      this.logger.error({ status: response.status }, 'auth service answered an unreadable challenge result');
      throw unavailable();
    }
    const description = describe(body);
    if (response.status === 400)
      throw new JsonRpcException(JsonRpcErrorCode.InvalidAuthFormat, undefined, { reason: description });
    if (response.status === 401 || response.status === 403 || response.status === 429) {
      if (response.status === 401)
        this.logger.warn('auth service refused the gate client credentials (GATE_AUTH_CLIENT_ID/SECRET)');
      throw new JsonRpcException(JsonRpcErrorCode.AuthRejected, undefined, { reason: description });
    }
    this.logger.error({ status: response.status }, 'auth service failed a challenge check');
    throw unavailable();
  }
}

function unavailable(): JsonRpcException {
  return new JsonRpcException(JsonRpcErrorCode.InternalError, undefined, {
    reason: 'auth service unavailable',
  });
}

/** The sentence of auth's problem JSON (or of an RFC 6749 body from an older auth). */
function describe(body: unknown): string {
  if (typeof body !== 'object' || body === null) return 'refused';
  const fields = body as Record<string, unknown>;
  const said = ['detail', 'error_description', 'code', 'error'].map((key) => fields[key]);
  const text = said.find((value) => typeof value === 'string');
  return typeof text === 'string' ? text : 'refused';
}
