import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { ProblemBody } from '../errors/write-failure';
import type { HttpReply } from './http-reply';

/** A request body the parsers refused: malformed, too large, or cut short. */
export class BodyRejectedError extends HttpException {
  constructor(
    readonly statusCode: 400 | 413,
    readonly detail: string,
  ) {
    super(bodyProblem(statusCode, detail), statusCode);
  }
}

/** The default answer to a refused body (both adapters). */
export function bodyProblem(status: number, detail: string): ProblemBody {
  return {
    type: 'about:blank',
    title: status === 413 ? 'Payload Too Large' : 'Bad Request',
    status,
    detail,
    code: status === 413 ? 'payload_too_large' : 'invalid_request',
  };
}

export type BodyErrorWriter<Req, Res> = (req: Req, res: Res, status: number, detail: string) => void;

/**
 * Fastify parses bodies inside its request lifecycle, so a refused body reaches Nest's exception
 * layer (not an error middleware, as on express). This filter is consulted first, ahead of the
 * apps' filters, so a refused body is answered the same way on both adapters.
 */
@Catch(BodyRejectedError)
export class BodyErrorFilter<Req, Res extends HttpReply> implements ExceptionFilter<BodyRejectedError> {
  constructor(private readonly write?: BodyErrorWriter<Req, Res>) {}

  catch(error: BodyRejectedError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Res>();
    if (this.write) return this.write(http.getRequest<Req>(), res, error.statusCode, error.detail);
    res
      .status(error.statusCode)
      .header('Content-Type', 'application/problem+json')
      .send(bodyProblem(error.statusCode, error.detail));
  }
}
