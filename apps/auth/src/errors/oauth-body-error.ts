import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthErrorCode } from './auth-error-code';

/** `onBodyError` of `startHttpApp`: a body the parsers refused still gets an RFC 6749 §5.2 answer. */
export function writeOAuthBodyError(
  _req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: string,
): void {
  void reply
    .status(status)
    .header('Cache-Control', 'no-store')
    .header('Pragma', 'no-cache')
    .send({ error: AuthErrorCode.InvalidRequest, error_description: detail });
}
