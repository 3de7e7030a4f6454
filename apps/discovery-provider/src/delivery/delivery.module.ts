import { Module } from '@nestjs/common';
import { DeliveryWorker } from './delivery.worker';
import { ViewBuilder } from './view.builder';

@Module({ providers: [ViewBuilder, DeliveryWorker], exports: [ViewBuilder] })
export class DeliveryModule {}
