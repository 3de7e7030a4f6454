import type { FastifyReply, FastifyRequest } from 'fastify';
import { writeFailure } from '@gatehouse/platform';
import { AuthErrorCode } from './auth-error-code';

// The endpoints whose failures are RFC 6749 §5.2 bodies; every other route answers problem JSON.
const OAUTH_PATHS = /^\/oauth\/(token|introspect|revoke)\/?(\?|$)/i;

/** `onBodyError` of `startHttpApp`: a refused body is answered in the shape of the route it was for. */
export function writeAuthBodyError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: string,
): void {
  const code = status === 413 ? 'payload_too_large' : AuthErrorCode.InvalidRequest;
  const shape = OAUTH_PATHS.test(req.url) ? 'oauth' : 'problem';
  // RFC 6749 has no code for a body too large: it is an `invalid_request` there.
  writeFailure(
    reply,
    { status, code: shape === 'oauth' ? AuthErrorCode.InvalidRequest : code, detail },
    shape,
  );
}
