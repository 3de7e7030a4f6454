/**
 * RFC 6749 3.1: "Parameters sent without a value MUST be treated as if they were omitted from the
 * request." Forms often send every field (`client_id=&scope=`), Swagger UI's included.
 */
export function withoutEmptyParameters(body: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== ''));
}
