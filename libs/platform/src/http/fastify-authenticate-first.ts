import { HttpException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpFailure } from '../errors/failure';
import { problemBody } from '../errors/write-failure';

/** Throws an HttpException to refuse; `reply` is for headers such as `Retry-After`. */
export type EarlyCheck = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * `onRequest` runs before fastify reads a byte of the body, so a refused caller never makes the
 * app read or parse one. The refusal closes the connection rather than draining the unread body.
 * Anything but an HttpException goes on to the app's error handling.
 */
export function installAuthenticateFirst(instance: FastifyInstance, check: EarlyCheck): void {
  instance.addHook('onRequest', (request, reply, done) => {
    try {
      check(request, reply);
    } catch (error) {
      if (!(error instanceof HttpException)) return done(error as Error);
      const problem = problemBody(httpFailure(error));
      void reply
        .status(problem.status)
        .header('Connection', 'close')
        .header('Content-Type', 'application/problem+json')
        .send(problem);
      return;
    }
    done();
  });
}
