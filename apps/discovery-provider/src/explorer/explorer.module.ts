import { Module } from '@nestjs/common';
import { ExplorerPageController } from './explorer-page.controller';
import { ExplorerController } from './explorer.controller';
import { ExplorerService } from './explorer.service';

@Module({ controllers: [ExplorerPageController, ExplorerController], providers: [ExplorerService] })
export class ExplorerModule {}
