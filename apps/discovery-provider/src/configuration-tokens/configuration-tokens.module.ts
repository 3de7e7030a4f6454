import { Module } from '@nestjs/common';
import { ConfigurationTokensController } from './configuration-tokens.controller';
import { ConfigurationTokensService } from './configuration-tokens.service';

@Module({
  controllers: [ConfigurationTokensController],
  providers: [ConfigurationTokensService],
})
export class ConfigurationTokensModule {}
