import { Module } from '@nestjs/common';
import { LivenessWorker } from './liveness.worker';
import { RotationWorker } from './rotation.worker';

@Module({ providers: [LivenessWorker, RotationWorker] })
export class LivenessModule {}
