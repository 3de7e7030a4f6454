/**
 * The part of a response both HTTP adapters share: express `Response` and fastify `FastifyReply`
 * each have `status`, `header` and `send` (an object is sent as JSON). Filters and body-error
 * writers that use only these work on either adapter.
 */
export interface HttpReply {
  status(code: number): this;
  header(name: string, value: string): this;
  send(body?: unknown): unknown;
}

/** Whether the response has started (express `headersSent`, fastify `sent`). */
export function replyStarted(reply: object): boolean {
  const r = reply as { headersSent?: boolean; sent?: boolean; raw?: { headersSent?: boolean } };
  return r.raw ? r.sent === true || r.raw.headersSent === true : r.headersSent === true;
}
