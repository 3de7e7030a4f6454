import {
  type GateEnvelope,
  gateEnvelopeSchema,
  JsonRpcErrorCode,
  JsonRpcException,
} from '@gatehouse/protocol';
import type { z } from 'zod';

/** Validates params with `schema`; failure is -32602 naming the offending fields. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(params)'))];
  throw new JsonRpcException(JsonRpcErrorCode.InvalidParams, undefined, { fields });
}

/** The gate's envelope (PROTOCOL.md 3.1) every forwarded client call carries as params. */
export function parseEnvelope(params: unknown): GateEnvelope {
  return parseParams(gateEnvelopeSchema, params);
}
