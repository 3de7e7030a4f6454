import { Module } from '@nestjs/common';
import { Confirmation } from './confirmation';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [RegistrationController],
  providers: [RegistrationService, TokenVerifier, Confirmation],
})
export class RegistrationModule {}
