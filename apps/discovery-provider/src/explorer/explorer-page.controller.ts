import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply } from '@gatehouse/platform';
import { entityTag, sendConditionally } from '../http/conditional-get';

/** Only this page's own files; no inline script or style, nothing from elsewhere, never framed. */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface PageFile {
  body: string;
  etag: string;
}

// Read once: the files ship beside the compiled code (`public/`, copied by the build).
const read = (file: string): PageFile => {
  const body = readFileSync(path.join(__dirname, 'public', file), 'utf8');
  return { body, etag: entityTag(body) };
};

/**
 * The explorer as a web page: static HTML, CSS and script, served without authentication (they hold
 * no data); the script reads the guarded JSON routes with the token the operator pastes. `no-cache`
 * with an ETag: the browser asks on every load and gets a 304 until the files change.
 */
@ApiExcludeController()
@Controller('explorer')
export class ExplorerPageController {
  private readonly files = {
    html: read('explorer.html'),
    js: read('explorer.js'),
    css: read('explorer.css'),
  };

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Cache-Control', 'no-cache')
  page(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: HttpReply,
  ): string | undefined {
    return sendConditionally(reply, ifNoneMatch, this.files.html.etag, this.files.html.body);
  }

  @Get('explorer.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  script(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: HttpReply,
  ): string | undefined {
    return sendConditionally(reply, ifNoneMatch, this.files.js.etag, this.files.js.body);
  }

  @Get('explorer.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  style(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: HttpReply,
  ): string | undefined {
    return sendConditionally(reply, ifNoneMatch, this.files.css.etag, this.files.css.body);
  }
}
