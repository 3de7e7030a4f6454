import { renderBanner } from './banner';

describe('the npm start banner', () => {
  it('lists each served thing on its own aligned row, then how to use it', () => {
    const text = renderBanner({
      elapsed: '9.5 s',
      dataDir: '/data',
      served: [
        { name: 'auth', address: 'http://127.0.0.1:7100', note: 'docs http://127.0.0.1:7100/docs' },
        { name: 'facade', address: 'http://127.0.0.1:7300' },
        { name: 'web client', address: 'http://127.0.0.1:8090', note: 'open in a browser' },
      ],
      howTo: ['Operator CLI:', '  npx gatehouse --help'],
    });
    expect(text.split('\n')).toEqual([
      '',
      'Gatehouse is running (ready in 9.5 s; data in /data; Ctrl-C stops everything)',
      '  auth        http://127.0.0.1:7100  docs http://127.0.0.1:7100/docs',
      '  facade      http://127.0.0.1:7300',
      '  web client  http://127.0.0.1:8090  open in a browser',
      '',
      'Operator CLI:',
      '  npx gatehouse --help',
      '',
    ]);
  });
});
