import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { OAuthHttpException } from './oauth-http.exception';

/**
 * Renders bearer failures as RFC 6750 wants them. Bound next to the guard (see `Authenticated`),
 * it takes precedence over an app-wide problem+json filter, which would otherwise reshape the body
 * that OAuth clients parse.
 */
interface BearerReply {
  status(code: number): BearerReply;
  header(name: string, value: string): BearerReply;
  send(body: unknown): unknown;
}

@Catch(OAuthHttpException)
export class OAuthExceptionFilter implements ExceptionFilter<OAuthHttpException> {
  catch(exception: OAuthHttpException, host: ArgumentsHost): void {
    // Only calls express's Response and fastify's reply share: either adapter.
    const response = host.switchToHttp().getResponse<BearerReply>();
    if (exception.wwwAuthenticate !== undefined)
      response.header('WWW-Authenticate', exception.wwwAuthenticate);
    response.header('Cache-Control', 'no-store');
    response.status(exception.getStatus()).send(exception.body);
  }
}
