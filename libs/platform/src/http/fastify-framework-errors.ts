import { HttpException } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { httpFailure } from '../errors/failure';
import { writeFailure } from '../errors/write-failure';

const DETAILS: Readonly<Record<number, string>> = {
  400: 'the URL is not validly percent-encoded',
  414: 'a path segment is too long',
};

/**
 * Fastify's router refuses a URL it cannot decode (400) or a path parameter over its length limit
 * (414) before any hook runs, so neither Nest's filters nor its error handler see the request and
 * fastify would answer in a JSON shape of its own. Answered as problem JSON, as on express, where
 * Nest's router turns an undecodable URL into an exception the filters answer.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 400;
  const detail = DETAILS[status] ?? 'the request was refused before routing';
  writeFailure(reply, httpFailure(new HttpException(detail, status)), 'problem');
}
