import { createHash } from 'node:crypto';
import type { HttpReply } from '@gatehouse/platform';

/** A strong validator: equal bodies, equal tags, on every replica. */
export function entityTag(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** Whether `If-None-Match` names `etag`: one tag, a list, `*`, weak or strong (RFC 9110 13.1.2). */
export function noneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * Tags the answer and, when the caller already holds this version, answers 304 without a body.
 * Express tagged every response itself; fastify tags none, and the explorer's files (`no-cache`,
 * revalidated on every load) and the JWKS (cached, then revalidated) are what clients revalidate.
 */
export function sendConditionally<T>(
  reply: HttpReply,
  ifNoneMatch: string | undefined,
  etag: string,
  body: T,
): T | undefined {
  reply.header('ETag', etag);
  if (!noneMatchHits(ifNoneMatch, etag)) return body;
  reply.status(304);
  return undefined;
}
