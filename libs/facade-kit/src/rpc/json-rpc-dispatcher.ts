import {
  describedMethods,
  isJsonRpcNotification,
  type JsonRpcId,
  JsonRpcErrorCode,
  JsonRpcException,
  type JsonRpcResponse,
  jsonRpcError,
  jsonRpcFailure,
  jsonRpcRequestSchema,
  jsonRpcSuccess,
  type OpenRpcDocument,
  openRpcDocument,
  RPC_DISCOVER,
} from '@gatehouse/protocol';
import type { RpcMethod } from './rpc-method';

export const MAX_BATCH = 100;

/** Who the service is, for the `info` of its OpenRPC document. */
export type ServiceInfo = OpenRpcDocument['info'];

/** A response, a batch of them, or nothing (notifications only). */
export type DispatcherAnswer = JsonRpcResponse | JsonRpcResponse[] | undefined;

/**
 * JSON-RPC 2.0 over one HTTP body, exactly as the spec says: a request or a batch; notifications
 * are run but never answered (all-notification batch: no body at all); an empty batch is one
 * Invalid Request; each member of a batch is judged on its own. Any error a method throws that is
 * not a JsonRpcException becomes -32603 with nothing of its message.
 *
 * `rpc.discover` (the OpenRPC convention) answers with a document of every method that carries a
 * `description`, built once from the descriptions registered beside the methods. The gate calls it
 * without params and merges the methods into its own document.
 */
export class JsonRpcDispatcher {
  private readonly methods: ReadonlyMap<string, RpcMethod>;

  constructor(
    methods: readonly RpcMethod[],
    private readonly onInternalError: (method: string, error: unknown) => void = () => undefined,
    info: ServiceInfo = { title: 'JSON-RPC service', version: '1.0.0' },
  ) {
    const document = openRpcDocument(info, describedMethods(methods));
    const discover: RpcMethod = { name: RPC_DISCOVER, call: () => document };
    this.methods = new Map([discover, ...methods].map((method) => [method.name, method]));
  }

  /** The response body, or undefined when nothing must be sent back. */
  async handle(body: unknown): Promise<DispatcherAnswer> {
    if (!Array.isArray(body)) return this.one(body);
    if (body.length === 0) return invalidRequest(null, 'empty batch');
    if (body.length > MAX_BATCH) return invalidRequest(null, `batch larger than ${MAX_BATCH}`);
    const answers = await Promise.all(body.map((member) => this.one(member)));
    const sent = answers.filter((answer): answer is JsonRpcResponse => answer !== undefined);
    return sent.length > 0 ? sent : undefined;
  }

  private async one(message: unknown): Promise<JsonRpcResponse | undefined> {
    const parsed = jsonRpcRequestSchema.safeParse(message);
    if (!parsed.success) return invalidRequest(null);
    const request = parsed.data;
    const notification = isJsonRpcNotification(request);
    const id: JsonRpcId = request.id ?? null;
    const method = this.methods.get(request.method);
    if (!method)
      return notification ? undefined : jsonRpcFailure(id, jsonRpcError(JsonRpcErrorCode.MethodNotFound));
    try {
      const result = await method.call(request.params);
      return notification ? undefined : jsonRpcSuccess(id, result ?? null);
    } catch (error) {
      if (notification) return undefined;
      if (error instanceof JsonRpcException) return jsonRpcFailure(id, error.error);
      this.onInternalError(request.method, error);
      return jsonRpcFailure(id, jsonRpcError(JsonRpcErrorCode.InternalError));
    }
  }
}

function invalidRequest(id: JsonRpcId, detail?: string): JsonRpcResponse {
  return jsonRpcFailure(id, jsonRpcError(JsonRpcErrorCode.InvalidRequest, undefined, detail));
}
