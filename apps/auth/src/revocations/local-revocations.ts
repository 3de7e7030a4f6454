import { Inject, Injectable } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { RevocationList } from '@gatehouse/protocol';
import { AUTH_CONFIG, type AuthConfig } from '../config';
import { RevocationFeedService } from './revocation-feed.service';

/**
 * Auth's own admin guard honours revocation like every resource server: the same in-memory
 * `RevocationList`, loaded from the database instead of over HTTP, every AUTH_REVOCATION_POLL_MS.
 */
@Injectable()
export class LocalRevocations extends RevocationList {
  private static readonly logger = componentLogger('LocalRevocations');

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig, feed: RevocationFeedService) {
    super({
      pollMs: config.revocationPollMs,
      source: async (etag) => {
        const current = await feed.current();
        return current.etag === etag ? 'unchanged' : current;
      },
      onError: (error) =>
        LocalRevocations.logger.warn(
          { err: error },
          'could not reload revocations; the last list stays in force',
        ),
    });
  }

  /** Awaited here: the list comes from auth's own database, which is up once the app boots. */
  override onModuleInit(): Promise<void> {
    return this.start();
  }
}
