import { Injectable } from '@nestjs/common';
import type { ClientConnection } from './client-connection';

/** Who wants to hear about channels opening, closing and being bound to a user. */
export interface ConnectionObserver {
  connected?(connection: ClientConnection): void;
  authorized?(connection: ClientConnection): void;
  disconnected?(connection: ClientConnection): void;
}

/** The channels this replica holds, by channel id. */
@Injectable()
export class ConnectionRegistry {
  private readonly channels = new Map<string, ClientConnection>();
  /** Open connections per client address, for GATE_MAX_CONNECTIONS_PER_IP. */
  private readonly perIp = new Map<string, number>();
  private readonly observers: ConnectionObserver[] = [];

  observe(observer: ConnectionObserver): void {
    this.observers.push(observer);
  }

  get size(): number {
    return this.channels.size;
  }

  /** Open connections from one client address. */
  countFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  get(channelId: string): ClientConnection | undefined {
    return this.channels.get(channelId);
  }

  all(): IterableIterator<ClientConnection> {
    return this.channels.values();
  }

  inFlight(): number {
    let total = 0;
    for (const connection of this.channels.values()) total += connection.inFlight;
    return total;
  }

  add(connection: ClientConnection): void {
    this.channels.set(connection.channelId, connection);
    this.perIp.set(connection.ip, this.countFrom(connection.ip) + 1);
    for (const o of this.observers) o.connected?.(connection);
  }

  authorized(connection: ClientConnection): void {
    for (const o of this.observers) o.authorized?.(connection);
  }

  remove(connection: ClientConnection): void {
    if (!this.channels.delete(connection.channelId)) return;
    const left = this.countFrom(connection.ip) - 1;
    if (left > 0) this.perIp.set(connection.ip, left);
    else this.perIp.delete(connection.ip);
    for (const o of this.observers) o.disconnected?.(connection);
  }
}
