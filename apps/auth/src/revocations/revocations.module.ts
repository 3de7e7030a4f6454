import { Module } from '@nestjs/common';
import { LocalRevocations } from './local-revocations';
import { RevocationFeedService } from './revocation-feed.service';

/** The revocation feed (served by `RevocationsController`) and auth's own in-memory copy of it. */
@Module({
  providers: [RevocationFeedService, LocalRevocations],
  exports: [RevocationFeedService, LocalRevocations],
})
export class RevocationsModule {}
