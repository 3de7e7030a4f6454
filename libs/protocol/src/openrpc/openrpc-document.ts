import { describeMethod, type RpcMethodDescription } from './describe-method';
import type { OpenRpcDocument, OpenRpcMethod } from './openrpc.types';

/** The OpenRPC version Gatehouse documents are written in. */
export const OPENRPC_VERSION = '1.3.2';

/** The method that answers with the server's OpenRPC document (the OpenRPC service discovery convention). */
export const RPC_DISCOVER = 'rpc.discover';

export function openRpcDocument(
  info: OpenRpcDocument['info'],
  methods: readonly OpenRpcMethod[],
): OpenRpcDocument {
  return { openrpc: OPENRPC_VERSION, info, methods: [...methods] };
}

/**
 * The methods of `first`, then those of `second` whose names `first` does not already use: a server
 * in front of another (the gate before its facade) keeps its own description of a shared name.
 */
export function mergeMethods(
  first: readonly OpenRpcMethod[],
  second: readonly OpenRpcMethod[],
): OpenRpcMethod[] {
  const taken = new Set(first.map((m) => m.name));
  return [...first, ...second.filter((m) => !taken.has(m.name))];
}

/** The methods of an answer to `rpc.discover`, or undefined when it is not an OpenRPC document. */
export function methodsOf(document: unknown): OpenRpcMethod[] | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const { openrpc, methods } = document as { openrpc?: unknown; methods?: unknown };
  if (typeof openrpc !== 'string' || !Array.isArray(methods)) return undefined;
  const named = methods.filter(
    (m): m is OpenRpcMethod =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as { name?: unknown }).name === 'string' &&
      Array.isArray((m as { params?: unknown }).params),
  );
  return named.length === methods.length ? named : undefined;
}

/** Method objects of the methods that carry a description; the others are left out. */
export function describedMethods(
  methods: readonly { name: string; description?: RpcMethodDescription | undefined }[],
): OpenRpcMethod[] {
  return methods.flatMap((m) => (m.description ? [describeMethod(m.name, m.description)] : []));
}
