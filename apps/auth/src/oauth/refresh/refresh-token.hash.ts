import { createHash } from 'node:crypto';

/** The server keeps only this: hex SHA-256 of the token string (the token itself is high-entropy). */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
