import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** A request body that does not match its schema: 400 with the first problem named. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
    super({ code: 'invalid_request', detail: `${where}${first?.message ?? 'invalid body'}` });
  }
}
