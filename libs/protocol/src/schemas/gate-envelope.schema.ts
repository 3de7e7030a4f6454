import { z } from 'zod';
import { jsonRpcErrorObjectSchema, jsonRpcIdSchema } from '../jsonrpc/json-rpc.schema';

/** The params the gate sends the facade for every client call; field names are PROTOCOL.md 3.1's. */
export const gateEnvelopeSchema = z.object({
  _frontendGate: z.literal(true),
  auth: z.object({ user: z.string().nullable(), roles: z.array(z.string()) }),
  routing: z.object({ requestId: jsonRpcIdSchema, channelId: z.string().min(1) }),
  meta: z.object({ clientRequestIp: z.string() }),
  // Absent when the client sent no params; the facade validates the shape per method.
  params: z.unknown().optional(),
});
export type GateEnvelope = z.infer<typeof gateEnvelopeSchema>;

/** `offline` notification to the facade when a client disconnects. */
export const offlineParamsSchema = z.object({ channelId: z.string().min(1), user: z.string().nullable() });
export type OfflineParams = z.infer<typeof offlineParamsSchema>;

/** `transfer` from an internal service: exactly one of result/error, as in a JSON-RPC response. */
export const transferParamsSchema = z
  .object({
    channelId: z.string().min(1),
    method: z.string().min(1),
    result: z.unknown().optional(),
    error: jsonRpcErrorObjectSchema.optional(),
  })
  .refine((p) => (p.result !== undefined) !== (p.error !== undefined), {
    message: 'exactly one of result or error is required',
  });
export type TransferParams = z.infer<typeof transferParamsSchema>;
