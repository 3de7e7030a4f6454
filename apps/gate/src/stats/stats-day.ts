/**
 * The statistics day an instant belongs to, as `YYYY-MM-DD`: days start at `dayStartHour` o'clock
 * UTC (GLS_DAY_START; the default 3 makes the day start at midnight in Moscow, UTC+3).
 */
export function statsDay(at: Date, dayStartHour: number): string {
  return new Date(at.getTime() - dayStartHour * 3_600_000).toISOString().slice(0, 10);
}
