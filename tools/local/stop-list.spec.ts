import { StopList } from './stop-list';

describe('the stop list of npm start', () => {
  it('stops the newest first, goes on past a failure, once however often it is asked', async () => {
    const stops = new StopList();
    const stopped: string[] = [];
    stops.add('PostgreSQL', async () => void stopped.push('PostgreSQL'));
    stops.add('auth', async () => {
      stopped.push('auth');
      throw new Error('would not stop');
    });
    stops.add('gate', async () => void stopped.push('gate'));
    const failures: string[] = [];
    const onError = (name: string, error: unknown) => failures.push(`${name}: ${(error as Error).message}`);
    await Promise.all([stops.stopAll(onError), stops.stopAll(onError)]);
    expect(stopped).toEqual(['gate', 'auth', 'PostgreSQL']);
    expect(failures).toEqual(['auth: would not stop']);
    expect(() => stops.add('facade', async () => undefined)).toThrow('not starting facade: stopping');
  });
});
