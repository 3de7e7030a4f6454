import {
  challengeCheckRequestSchema,
  JsonRpcErrorCode,
  jsonSchemaOf,
  type OpenRpcError,
  type RpcMethodDescription,
} from '@gatehouse/protocol';
import { z } from 'zod';
import { LimitCode } from '../connections/call-dispatcher.service';

/** The methods the gate answers itself when authorization is on (PROTOCOL.md 3.2). */
export const GATE_AUTH_METHODS: readonly { name: string; description: RpcMethodDescription }[] = [
  {
    name: 'auth.generateSecret',
    description: {
      summary: 'A fresh secret to sign for `auth.authorize` (single use, this connection only, expires)',
      result: z.object({ secret: z.string() }),
    },
  },
  {
    name: 'auth.authorize',
    description: {
      summary: 'Binds the connection to a user: {user, secret, sign} (challenge) or {token} (access token)',
      description:
        'Challenge: `sign` is the Ed25519 signature (base64url or hex) of the UTF-8 bytes of a `secret` this gate issued to ' +
        "this connection; the auth service checks it against the user's registered keys. Token: an access token of the " +
        "auth service, verified with its JWKS; the login lapses at the token's `exp` (`auth.expired` follows).",
      // Picked: the check auth receives carries more than the client sends (the gate adds what it knows).
      params: challengeCheckRequestSchema
        .pick({ user: true, secret: true, sign: true })
        .partial()
        .extend({ token: z.string().optional().describe('an access token (instead of user, secret, sign)') }),
      result: z.object({ status: z.literal('OK') }),
      errors: [
        JsonRpcErrorCode.InvalidAuthFormat,
        JsonRpcErrorCode.AuthRejected,
        JsonRpcErrorCode.ChannelFatal,
        {
          code: JsonRpcErrorCode.InternalError,
          message: 'Internal error',
          data: { reason: 'auth service unavailable' },
        },
      ],
    },
  },
];

/** What the gate pushes without being asked, in the shape `describeMethod` gives a method's pushes. */
export const GATE_NOTIFICATIONS = [
  {
    method: 'sign',
    summary: 'On connect (and after a lapsed login): a secret to sign',
    params: z.object({ secret: z.string() }),
  },
  {
    method: 'auth.expired',
    summary:
      'The login lapsed (token expiry, revocation, a disabled user); the connection is anonymous again',
    params: z.object({ user: z.string().nullable(), reason: z.string() }),
  },
].map((n) => ({ ...n, params: jsonSchemaOf(n.params, 'output') }));

/**
 * Errors any call may get from the gate itself, whatever the method. A function: the call
 * dispatcher, which defines the codes, imports this folder's service.
 */
export function gateCallErrors(): OpenRpcError[] {
  return [
    { code: LimitCode.RateLimited, message: 'Rate limit exceeded' },
    { code: LimitCode.ShuttingDown, message: 'Server is shutting down, reconnect' },
  ];
}

/** Errors a call forwarded to the facade may get on top of the facade's own. */
export const FORWARDING_ERRORS: readonly OpenRpcError[] = [
  { code: JsonRpcErrorCode.AccessDenied, message: 'Access denied: method is not allowed' },
  { code: JsonRpcErrorCode.FacadeUnavailable, message: 'Error passing the request to the facade' },
  { code: JsonRpcErrorCode.AnswerInternalError, message: 'Internal error while answering' },
];
