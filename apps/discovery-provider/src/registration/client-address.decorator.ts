import type { IncomingHttpHeaders } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** What the client-IP rule reads; fastify's request and node's own message both have it. */
export interface PeerRequest {
  socket: { remoteAddress?: string | undefined };
  headers: IncomingHttpHeaders;
}

/** The raw request, for the client-IP rule (socket peer, XFF only from trusted proxies). */
export const RawRequest = createParamDecorator((_data: unknown, context: ExecutionContext): PeerRequest =>
  context.switchToHttp().getRequest<PeerRequest>(),
);
