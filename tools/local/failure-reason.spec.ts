import { failureReason } from './failure-reason';

const info = JSON.stringify({ level: 30, msg: 'Starting Nest application...' });

describe('why an app stopped, from its last lines', () => {
  it('is the config error an app prints before it exits', () => {
    expect(
      failureReason('gate', [
        info,
        'config error: GATE_MAX_BATCH: Invalid input: expected number, received NaN',
      ]),
    ).toBe('config error: GATE_MAX_BATCH: Invalid input: expected number, received NaN');
  });

  it("drops the app's name from the lines of its start-up error", () => {
    const printed = [
      info,
      'gate: config error: GATE_MAX_BATCH: Invalid input: expected number, received NaN',
    ];
    expect(failureReason('gate', printed)).toBe(
      'config error: GATE_MAX_BATCH: Invalid input: expected number, received NaN',
    );
    const crashed = [
      'gate: Error: listen EADDRINUSE: address already in use 127.0.0.1:8081',
      'gate:     at Server.setupListenHandle (node:net:1940:16)',
    ];
    expect(failureReason('gate', crashed)).toBe(
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:8081',
    );
    expect(failureReason('facade', ['gate: not the same app'])).toBe('gate: not the same app');
  });

  it('is the first line of an error printed with its stack and fields, not what follows it', () => {
    const printed = [
      info,
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:8081',
      '    at Server.setupListenHandle [as _listen2] (node:net:1940:16)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:91:21) {',
      "  code: 'EADDRINUSE',",
      '  port: 8081',
      '}',
      '',
    ];
    expect(failureReason('gate', printed)).toBe(
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:8081',
    );
  });

  it('is the last error-level log entry, with its error message, and never an info entry', () => {
    const error = JSON.stringify({
      level: 50,
      msg: 'migration failed',
      err: { message: 'relation "x" already exists' },
    });
    expect(failureReason('gate', [error, info])).toBe('migration failed: relation "x" already exists');
    expect(
      failureReason('gate', [JSON.stringify({ level: 60, msg: 'boom', err: { message: 'boom' } })]),
    ).toBe('boom');
    expect(failureReason('gate', [info, info])).toBeUndefined();
    expect(failureReason('gate', [])).toBeUndefined();
  });
});
