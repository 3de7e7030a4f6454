import { stripVTControlCharacters } from 'node:util';
import { appLineFormatter } from './app-log';

const entry = {
  level: 30,
  time: Date.UTC(2026, 0, 1, 12, 0, 1, 234),
  pid: 1,
  hostname: 'h',
  name: 'auth',
  context: 'NestApplication',
  msg: 'Nest application successfully started',
};

describe('app log lines as npm start prints them', () => {
  it('on a terminal: one readable line per entry, prefixed with the app, without pid or hostname', () => {
    const format = appLineFormatter('pretty', false);
    const line = format('auth', JSON.stringify(entry), 'stdout');
    expect(line).toMatch(
      /^\[auth\] +\[\d\d:\d\d:\d\d\.234\] INFO: NestApplication: Nest application successfully started\n$/,
    );
    expect(line).not.toContain('"pid"');
    expect(line).not.toContain('hostname');
    const withFields = format(
      'gate',
      JSON.stringify({ ...entry, level: 40, context: undefined, msg: 'slow', ms: 1200 }),
      'stdout',
    );
    expect(withFields).toMatch(/^\[gate\] +\[[\d:.]+\] WARN: slow \{"ms":1200\}\n$/);
  });

  it('on a terminal: a line that is not JSON stays as it is, with the prefix', () => {
    expect(
      appLineFormatter('pretty', false)('gate', 'config error: GATE_MAX_BATCH: expected number', 'stderr'),
    ).toBe(`${'[gate]'.padEnd(21)}config error: GATE_MAX_BATCH: expected number\n`);
  });

  it('on a terminal with colours: the prefix and the level are coloured', () => {
    const line = appLineFormatter('pretty', true)('auth', JSON.stringify(entry), 'stdout');
    expect(line).toContain('\u001b[');
    expect(stripVTControlCharacters(line)).toMatch(/^\[auth\] +\[[\d:.]+\] INFO: NestApplication: /);
  });

  it('elsewhere: one JSON object per line, the app named in it', () => {
    const format = appLineFormatter('json', false);
    expect(JSON.parse(format('auth', JSON.stringify(entry), 'stdout'))).toEqual({ app: 'auth', ...entry });
    const plain = JSON.parse(
      format('gate', 'config error: GATE_MAX_BATCH: expected number', 'stderr'),
    ) as Record<string, unknown>;
    expect(plain).toMatchObject({
      app: 'gate',
      level: 50,
      msg: 'config error: GATE_MAX_BATCH: expected number',
    });
    expect(typeof plain['time']).toBe('number');
    expect(JSON.parse(format('gate', 'plain text', 'stdout'))).toMatchObject({
      level: 30,
      msg: 'plain text',
    });
    expect(format('auth', JSON.stringify(entry), 'stdout').endsWith('}\n')).toBe(true);
  });
});
