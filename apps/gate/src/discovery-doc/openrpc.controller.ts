import { Controller, Get, Header } from '@nestjs/common';
import type { OpenRpcDocument } from '@gatehouse/protocol';
import { ApiDocument } from './api-document.service';

/** The same document as `rpc.discover`, for tools that read a URL (OpenRPC playground, generators). */
@Controller()
export class OpenRpcController {
  constructor(private readonly api: ApiDocument) {}

  @Get('openrpc.json')
  @Header('Cache-Control', 'no-cache')
  document(): Promise<OpenRpcDocument> {
    return this.api.document();
  }
}
