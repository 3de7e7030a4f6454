// PostgreSQL asks a transaction to be retried on these: deadlock, serialization failure.
const RETRYABLE = new Set(['40P01', '40001']);

/** Runs a transaction again (a few times) when PostgreSQL aborted it for a retryable reason. */
export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code =
        (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
        (error as { code?: unknown }).code;
      if (attempt >= attempts || !RETRYABLE.has(String(code))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
