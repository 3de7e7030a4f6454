import { Injectable } from '@nestjs/common';
import { JsonRpcErrorCode, JsonRpcException } from '@gatehouse/protocol';
import { z } from 'zod';
import { FacadeErrorCode } from '../rpc/facade-error-code';
import { parseEnvelope, parseParams, type RpcMethod } from '@gatehouse/facade-kit';
import { MAX_SUBSCRIPTIONS_PER_CHANNEL, TickerService } from '../ticker/ticker.service';

const subscribeFields = z
  .object({
    count: z.number().int().min(1).max(100).default(3).describe('how many pushes'),
    intervalMs: z.number().int().min(20).max(60_000).default(1000).describe('ms between pushes'),
  })
  .strict();
const subscribeParamsSchema = subscribeFields.default({ count: 3, intervalMs: 1000 });

/**
 * `subscribe {count?, intervalMs?}`: answers at once, then pushes `count` `ticker` notifications
 * (`{seq, of, at}`) to the caller's channel, one every `intervalMs`.
 */
@Injectable()
export class SubscribeMethod implements RpcMethod {
  readonly name = 'subscribe';
  readonly description = {
    summary: 'Start a ticker: answers at once, then pushes `ticker` notifications to this connection',
    params: subscribeFields,
    result: z.object({
      subscribed: z.literal('ticker'),
      count: z.number().int(),
      intervalMs: z.number().int(),
    }),
    errors: [
      JsonRpcErrorCode.InvalidParams,
      {
        code: FacadeErrorCode.TooManySubscriptions,
        message: `at most ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions per channel`,
      },
    ],
    notifications: [
      {
        method: 'ticker',
        summary: 'One tick, sent through the gate (`transfer`)',
        params: z.object({
          result: z.object({ seq: z.number().int(), of: z.number().int(), at: z.iso.datetime() }),
        }),
      },
    ],
  };

  constructor(private readonly ticker: TickerService) {}

  call(params: unknown): { subscribed: 'ticker'; count: number; intervalMs: number } {
    const envelope = parseEnvelope(params);
    const { count, intervalMs } = parseParams(subscribeParamsSchema, envelope.params);
    if (!this.ticker.start({ channelId: envelope.routing.channelId, count, intervalMs })) {
      throw new JsonRpcException(
        FacadeErrorCode.TooManySubscriptions,
        `at most ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions per channel`,
      );
    }
    return { subscribed: 'ticker', count, intervalMs };
  }
}
