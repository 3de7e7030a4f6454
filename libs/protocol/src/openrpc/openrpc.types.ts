/**
 * The parts of an OpenRPC 1.3 document (https://spec.open-rpc.org) that Gatehouse writes. Plain
 * JSON, so any JSON-RPC server (a gate, a facade, a user's own backend) can describe itself with it
 * and any OpenRPC tool can read the result.
 */
export type JsonSchema = Record<string, unknown> | boolean;

export interface OpenRpcContentDescriptor {
  name: string;
  summary?: string;
  description?: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface OpenRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface OpenRpcMethod {
  name: string;
  summary?: string;
  description?: string;
  tags?: { name: string; description?: string }[];
  paramStructure?: 'by-name' | 'by-position' | 'either';
  params: OpenRpcContentDescriptor[];
  result?: OpenRpcContentDescriptor;
  errors?: OpenRpcError[];
  /** Specification extensions, e.g. `x-notifications` for what the method pushes afterwards. */
  [extension: `x-${string}`]: unknown;
}

export interface OpenRpcDocument {
  openrpc: string;
  info: { title: string; version: string; description?: string };
  methods: OpenRpcMethod[];
  [extension: `x-${string}`]: unknown;
}
