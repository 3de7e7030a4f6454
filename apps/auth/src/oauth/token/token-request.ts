import { z } from 'zod';
import { AuthError, AuthErrorCode } from '../../errors';
import { withoutEmptyParameters } from './empty-parameters';

const param = z.string().min(1).max(4096);
const secret = z.string().max(1024);

// One definition per grant: each lists exactly the parameters it needs (RFC 6749 §4.3, §4.4, §6).
const common = {
  client_id: param.max(200).optional(),
  client_secret: secret.optional(),
  scope: z.string().max(4096).optional(),
};
export const grants = {
  password: z.object({
    ...common,
    grant_type: z.literal('password'),
    username: param.max(200),
    password: secret.min(1),
  }),
  client_credentials: z.object({ ...common, grant_type: z.literal('client_credentials') }),
  refresh_token: z.object({
    ...common,
    grant_type: z.literal('refresh_token'),
    refresh_token: param.max(8192),
  }),
};

export type GrantType = keyof typeof grants;
export type TokenRequest = { [K in GrantType]: z.output<(typeof grants)[K]> }[GrantType];
export const GRANT_TYPES = Object.keys(grants) as GrantType[];

/**
 * Validates a token request body (form or JSON). A parameter sent twice arrives as an array and
 * is refused like any other malformed value (RFC 6749 §3.2: parameters MUST NOT repeat).
 */
export function parseTokenRequest(body: unknown): TokenRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw AuthError.invalidRequest('expected a form or JSON body');
  const params = withoutEmptyParameters(body);
  const grantType = params['grant_type'];
  if (grantType === undefined) throw AuthError.invalidRequest('grant_type is required');
  if (typeof grantType !== 'string') throw AuthError.invalidRequest('grant_type must be a single string');
  if (!isGrantType(grantType))
    throw new AuthError(
      AuthErrorCode.UnsupportedGrantType,
      `grant_type ${truncate(grantType)} is not supported`,
    );
  const parsed = grants[grantType].safeParse(params);
  if (!parsed.success) throw AuthError.invalidRequest(describe(parsed.error));
  return parsed.data;
}

function isGrantType(value: string): value is GrantType {
  return Object.hasOwn(grants, value);
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const name = issue?.path.join('.') || 'body';
  if (issue?.code === 'invalid_type' && issue.input === undefined) return `${name} is required`;
  return `${name} is invalid`;
}

function truncate(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
