import { z } from 'zod';

export const jsonRpcIdSchema = z.union([z.string(), z.number(), z.null()]);

// z.record refuses arrays, so the union is unambiguous.
export const jsonRpcParamsSchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);

/**
 * One request object (never a batch: the transport splits batches first). `id` stays absent in the
 * output when absent in the input, which is how a notification is told apart from `id: null`.
 */
export const jsonRpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: jsonRpcParamsSchema.optional(),
  id: jsonRpcIdSchema.optional(),
});
export type JsonRpcRequestInput = z.infer<typeof jsonRpcRequestSchema>;

export const jsonRpcErrorObjectSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});

export const jsonRpcSuccessSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: jsonRpcIdSchema,
  result: z.unknown(),
});

export const jsonRpcFailureSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: jsonRpcIdSchema,
  error: jsonRpcErrorObjectSchema,
});

/** A response read from a peer (e.g. the facade's answer to the gate). */
export const jsonRpcResponseSchema = z.union([jsonRpcFailureSchema, jsonRpcSuccessSchema]);

export function isJsonRpcNotification(request: JsonRpcRequestInput): boolean {
  return !Object.hasOwn(request, 'id');
}
