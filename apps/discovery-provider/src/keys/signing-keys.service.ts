import { createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createLocalJWKSet, exportPKCS8, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import {
  type AsymmetricAlg,
  exportPublicJwk,
  generateSigningKeyPair,
  type SigningKey,
  type SignOptions,
  signTokenSync,
  type TokenType,
} from '@gatehouse/protocol';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { WorkerLoop } from '../workers/worker-loop';
import { publishedKeys, type ScheduledKey, signerIndex } from './key-schedule';
import { KEY_ENCRYPTION } from './keys.tokens';
import type { KeyEncryption } from '@gatehouse/secrets';

// Any constant unique to this app: replicas serialise key creation on it.
const KEY_CREATION_LOCK = 0x6469_7363;
// A key that stopped signing stays published this long for the pushes it signed (60 s tokens).
const PUSH_SIGNATURE_GRACE_MS = 120_000;
// A token naming an unknown kid makes us reread the table, but not more often than this (as auth's
// KeyRing): otherwise every forged kid would cost a database query.
const UNKNOWN_KID_RELOAD_MS = 1_000;

interface LoadedKey extends ScheduledKey {
  alg: AsymmetricAlg;
  publicJwk: JWK;
  privateKeyEnc: string;
}

/**
 * The provider's signing keys (configuration tokens and signed pushes), stored in PostgreSQL so
 * every replica signs with the same key and verifies the others' tokens.
 *
 * Rotation is publish-before-sign: a new key is published (JWKS, verification) at once but signs
 * only DISCOVERY_KEY_PUBLISH_LEAD_MS later, once every replica and every cached JWKS knows it. An
 * older key stays published while a configuration token it signed is still usable, and for a grace
 * period after it stopped signing pushes; then it leaves the JWKS.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit, OnApplicationShutdown {
  private keys: LoadedKey[] = [];
  private signer: { key: SigningKey; object: KeyObject } | undefined;
  private publicKeys: JWK[] = [];
  private verifier!: JWTVerifyGetKey;
  private lastReload = 0;
  private reloading: Promise<void> | undefined;
  private readonly loop: WorkerLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KEY_ENCRYPTION) private readonly encryption: KeyEncryption,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new WorkerLoop('signing-keys', config.keys.refreshMs, () => this.tick(), logger);
  }

  async onModuleInit(): Promise<void> {
    await this.createKeyIf((newest) => newest === undefined);
    await this.reload();
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** The key new tokens are signed with. */
  signingKey(): SigningKey {
    return this.currentSigner().key;
  }

  /**
   * A token of `type` by the current key, signed in the calling thread: the provider signs every
   * confirm, ping and push, and WebCrypto would queue each as a thread-pool job.
   */
  signSync(type: TokenType, claims: Record<string, unknown>, options: SignOptions): string {
    const { key, object } = this.currentSigner();
    return signTokenSync(type, claims, { kid: key.kid, alg: key.alg as AsymmetricAlg, key: object }, options);
  }

  /**
   * Verification keys: every published key, refreshed when a token names a kid not seen yet, at
   * most once per UNKNOWN_KID_RELOAD_MS (concurrent callers share one reload).
   */
  keyResolver(): JWTVerifyGetKey {
    return async (header, token) => {
      if (
        header.kid !== undefined &&
        !this.publicKeys.some((k) => k.kid === header.kid) &&
        Date.now() - this.lastReload >= UNKNOWN_KID_RELOAD_MS
      ) {
        this.reloading ??= this.reload().finally(() => (this.reloading = undefined));
        await this.reloading;
      }
      return this.verifier(header, token);
    };
  }

  /** How many times the keys were read from the database (for tests of the reload bound). */
  get reloads(): number {
    return this.reloadCount;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.publicKeys };
  }

  private async tick(): Promise<void> {
    const interval = this.config.keys.rotationIntervalMs;
    if (interval > 0 && this.config.workers) {
      const due = (newest: Date | undefined) => !newest || newest.getTime() <= Date.now() - interval;
      if (due(this.keys[0]?.createdAt) && (await this.createKeyIf(due)))
        this.logger.info('new signing key published');
    }
    await this.reload();
  }

  /** Creates a key when `needed(newest created_at)`, checked under a lock so replicas create one. */
  private createKeyIf(needed: (newest: Date | undefined) => boolean): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_CREATION_LOCK]);
      const [row] = (await manager.query('SELECT max(created_at) AS newest FROM discovery_signing_key')) as {
        newest: Date | null;
      }[];
      if (!needed(row?.newest ?? undefined)) return false;
      const alg = this.config.keys.signingAlg;
      const kid = randomUUID();
      const pair = await generateSigningKeyPair(alg);
      await manager.query(
        `INSERT INTO discovery_signing_key (kid, alg, public_jwk, private_key_enc, created_at) VALUES ($1, $2, $3, $4, clock_timestamp())`,
        [
          kid,
          alg,
          { ...(await exportPublicJwk(pair.publicKey, kid, alg)) },
          this.encryption.encrypt(await exportPKCS8(pair.privateKey), kid),
        ],
      );
      return true;
    });
  }

  /** The newest key past its publish lead; the newest key when none is yet (a first boot). */
  private currentSigner(): { key: SigningKey; object: KeyObject } {
    const chosen = this.keys[signerIndex(this.keys, Date.now(), this.config.keys.publishLeadMs)];
    if (!chosen) throw new Error('no signing key');
    if (this.signer?.key.kid !== chosen.kid) this.signer = this.loadPrivate(chosen);
    return this.signer;
  }

  private reloadCount = 0;

  private async reload(): Promise<void> {
    this.reloadCount++;
    this.lastReload = Date.now();
    const rows = (await this.dataSource.query(
      `SELECT k.kid, k.alg, k.created_at, k.public_jwk, k.private_key_enc,
              EXISTS (SELECT 1 FROM discovery_configuration_token t
                       WHERE t.kid = k.kid AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())) AS tokens_live
         FROM discovery_signing_key k WHERE k.retired_at IS NULL ORDER BY k.created_at DESC`,
    )) as {
      kid: string;
      alg: AsymmetricAlg;
      created_at: Date;
      public_jwk: JWK;
      private_key_enc: string;
      tokens_live: boolean;
    }[];
    if (rows.length === 0) throw new Error('no signing key');
    this.keys = rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      createdAt: r.created_at,
      publicJwk: r.public_jwk,
      privateKeyEnc: r.private_key_enc,
      tokensLive: r.tokens_live,
    }));
    const published = publishedKeys(
      this.keys,
      Date.now(),
      this.config.keys.publishLeadMs,
      PUSH_SIGNATURE_GRACE_MS,
    );
    this.publicKeys = published.map((k) => k.publicJwk);
    this.verifier = createLocalJWKSet({ keys: this.publicKeys });
  }

  private loadPrivate(key: LoadedKey): { key: SigningKey; object: KeyObject } {
    const object = createPrivateKey(this.encryption.decrypt(key.privateKeyEnc, key.kid));
    return { key: { kid: key.kid, alg: key.alg, key: object }, object };
  }
}
