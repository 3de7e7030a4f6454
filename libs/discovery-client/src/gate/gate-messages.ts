import { confirmRequestSchema, pingRequestSchema, updateMessageSchema } from '@gatehouse/protocol';
import { z } from 'zod';
import type { Registration } from '../provider/registration';
import type { DiscoveryState } from '../state/discovery-state';

export interface GateAnswer {
  status: number;
  body: Record<string, unknown>;
}

// Pings name the instance (PROTOCOL.md 1.6); the shared schema would strip the unknown key.
const pingSchema = pingRequestSchema.extend({ instanceId: z.string().min(1).max(256).optional() });

/** Answers the provider's verified calls: confirm, update and ping (PROTOCOL.md 1.3, 1.4, 1.6). */
export class GateMessages {
  constructor(
    private readonly registration: Registration,
    private readonly state: DiscoveryState,
  ) {}

  handle(message: unknown): GateAnswer {
    const method =
      typeof message === 'object' && message !== null ? (message as { method?: unknown }).method : undefined;
    switch (method) {
      case 'confirm':
        return this.confirm(message);
      case 'update':
        return this.update(message);
      case 'ping':
        return this.ping(message);
      default:
        return invalid('unknown_method', 'method must be confirm, update or ping');
    }
  }

  private confirm(message: unknown): GateAnswer {
    const parsed = confirmRequestSchema.safeParse(message);
    if (!parsed.success) return invalid('invalid_request', 'confirm needs hashed_signature (md5 hex)');
    const signature = this.registration.confirm(parsed.data.hashed_signature);
    if (signature === undefined)
      return { status: 404, body: { error: 'unknown_signature', message: 'no such key here' } };
    this.registration.noteContact();
    return { status: 200, body: { signature } };
  }

  private update(message: unknown): GateAnswer {
    const parsed = updateMessageSchema.safeParse(message);
    if (!parsed.success) return invalid('invalid_request', `update is malformed: ${fields(parsed.error)}`);
    this.registration.noteContact();
    const applied = this.state.apply(parsed.data);
    return { status: 200, body: { status: 'ok', applied, revision: this.state.revision() } };
  }

  private ping(message: unknown): GateAnswer {
    const parsed = pingSchema.safeParse(message);
    if (!parsed.success) return invalid('invalid_request', 'ping is malformed');
    const verdict = this.registration.ping(parsed.data.instanceId);
    if (verdict === 'unknown_instance') {
      return {
        status: 410,
        body: { error: 'unknown_instance', message: 'this instance id is not registered here' },
      };
    }
    return { status: 200, body: { status: 'ok' } };
  }
}

function invalid(error: string, message: string): GateAnswer {
  return { status: 400, body: { error, message } };
}

function fields(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.path.join('.') || '(root)'))].slice(0, 5).join(', ');
}
