import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export interface DocsOptions {
  title: string;
  description: string;
}

/**
 * Swagger UI at `/docs` (the document at `/docs-json`). Both schemes the apps use are registered, so
 * the page's Authorize button takes an access token (`bearer`, admin routes) or a client id and
 * secret (`basic`, the OAuth endpoints), and operations marked with `@ApiBearerAuth()` /
 * `@ApiBasicAuth()` send it. The credentials live in the page only (not persisted across reloads).
 */
export function setUpDocs(app: INestApplication, docs: DocsOptions): void {
  const config = new DocumentBuilder()
    .setTitle(docs.title)
    .setDescription(docs.description)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from auth (`/oauth/token`)',
      },
      'bearer',
    )
    .addBasicAuth(
      { type: 'http', scheme: 'basic', description: 'A client id and secret (RFC 6749 2.3.1)' },
      'basic',
    )
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    swaggerOptions: { persistAuthorization: false, tryItOutEnabled: true, displayRequestDuration: true },
  });
}
