import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import type { ResolvedDiscoveryOptions } from '../discovery-client.options';
import type { DiscoveryState } from '../state/discovery-state';
import { backoffDelay } from './backoff';
import { ProviderCallError, type ProviderApi, type Registered } from './provider-api';
import { createServiceKey, type ServiceKey, signServiceToken } from './service-key';

interface Current {
  key: ServiceKey;
  instanceId: string;
}

export type PingVerdict = 'ok' | 'unknown_instance';

/**
 * This instance's membership: registers (retrying with backoff while the provider is unreachable
 * or refuses), answers confirm for the key being registered, notices when the provider has
 * forgotten it and registers again with a fresh key, and deregisters on shutdown.
 */
export class Registration {
  private current: Current | undefined;
  private pending: ServiceKey | undefined;
  private readonly retired = new Set<string>();
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private lastContact = Date.now();
  private watchdog: NodeJS.Timeout | undefined;
  private resolveFirst!: () => void;
  private readonly first = new Promise<void>((resolve) => (this.resolveFirst = resolve));

  constructor(
    private readonly options: ResolvedDiscoveryOptions,
    private readonly api: ProviderApi,
    private readonly state: DiscoveryState,
    private readonly logger: LoggerService,
  ) {}

  /** Starts registering in the background (after `ready` resolves) and watching for silence. */
  start(ready: Promise<void> = Promise.resolve()): void {
    if (this.loop || this.abort.signal.aborted) return;
    this.loop = ready.then(() => this.registerUntilDone('start')).finally(() => (this.loop = undefined));
    const every = this.options.reRegisterAfterMs;
    if (every > 0) {
      this.watchdog = setInterval(() => this.checkSilence(), Math.max(250, Math.min(every / 4, 5000)));
      this.watchdog.unref();
    }
  }

  /** Resolves once the first registration succeeded. */
  whenRegistered(): Promise<void> {
    return this.first;
  }

  instanceId(): string | undefined {
    return this.current?.instanceId;
  }

  /** The signature whose md5 the provider sent, if it is the key being registered or in use. */
  confirm(hashed: string): string | undefined {
    for (const key of [this.pending, this.current?.key])
      if (key && key.hashed === hashed) return key.signature;
    return undefined;
  }

  /** A verified call from the provider arrived: it still knows this instance. */
  noteContact(): void {
    this.lastContact = Date.now();
  }

  /**
   * Pings name the instance the provider believes it reaches here. An id that is not ours means a
   * stale instance (answered as unknown so the provider lets it expire); when our own instance has
   * not been heard of for a while either, the provider has lost it: register again.
   */
  ping(instanceId: string | undefined): PingVerdict {
    const ours = this.current?.instanceId;
    if (instanceId === undefined || instanceId === ours || this.loop) {
      this.noteContact();
      return 'ok';
    }
    const fresh = !this.retired.has(instanceId);
    this.retired.add(instanceId);
    if (fresh && Date.now() - this.lastContact > this.silenceBeforeRetryMs())
      this.reRegister('provider pings an unknown instance');
    return 'unknown_instance';
  }

  /** Drops the current registration (best effort) and registers again with a fresh key. */
  reRegister(reason: string): void {
    if (this.loop || this.abort.signal.aborted) return;
    this.logger.warn?.(`re-registering with discovery: ${reason}`);
    this.loop = this.registerUntilDone(reason).finally(() => (this.loop = undefined));
  }

  /** Stops retrying and deregisters; bounded by the provider timeout. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.watchdog) clearInterval(this.watchdog);
    await this.loop?.catch(() => undefined);
    const current = this.current;
    this.current = undefined;
    this.state.clear();
    if (current) await this.deregister(current);
  }

  private async registerUntilDone(reason: string): Promise<void> {
    const previous = this.current;
    if (previous) {
      this.retired.add(previous.instanceId);
      await this.deregister(previous);
    }
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      const key = createServiceKey();
      this.pending = key;
      try {
        const token = await signServiceToken(key, this.options);
        const registered = await this.api.register({ token, signature: key.signature });
        if (this.abort.signal.aborted) return;
        this.adopt(key, registered);
        this.logger.log?.(
          `registered with discovery as ${registered.name} (${registered.instanceId}) after ${reason}`,
        );
        return;
      } catch (error) {
        const retryable = !(error instanceof ProviderCallError) || error.retryable;
        const wait = backoffDelay(
          retryable ? attempt : 30,
          this.options.retry.initialMs,
          this.options.retry.maxMs,
        );
        this.logger.warn?.(`discovery registration failed (${describe(error)}); retrying in ${wait} ms`);
        await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
      } finally {
        if (this.pending === key) this.pending = undefined;
      }
    }
  }

  private adopt(key: ServiceKey, registered: Registered): void {
    this.current = { key, instanceId: registered.instanceId };
    this.retired.delete(registered.instanceId);
    this.state.acceptRevisionsAfter(registered.revision - 1);
    this.noteContact();
    this.resolveFirst();
  }

  private async deregister(registration: Current): Promise<void> {
    try {
      // A fresh token: the registration's own has expired (60 s) by the time a service stops.
      const token = await signServiceToken(registration.key, this.options);
      await this.api.deregister({ token, signature: registration.key.signature });
    } catch (error) {
      this.logger.warn?.(`discovery deregistration of ${registration.instanceId} failed: ${describe(error)}`);
    }
  }

  private checkSilence(): void {
    if (!this.current || this.loop) return;
    if (Date.now() - this.lastContact > this.options.reRegisterAfterMs)
      this.reRegister('no provider contact');
  }

  private silenceBeforeRetryMs(): number {
    const every = this.options.reRegisterAfterMs;
    return every > 0 ? Math.min(every / 2, 15_000) : 15_000;
  }
}

function describe(error: unknown): string {
  if (error instanceof ProviderCallError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
