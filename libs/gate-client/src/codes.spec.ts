import { JsonRpcErrorCode } from '@gatehouse/protocol';
import { closePolicy, CloseCode, RpcCode } from './codes';

describe('codes', () => {
  it('are the numbers of the wire contract', () => {
    for (const [name, code] of Object.entries(JsonRpcErrorCode))
      expect([name, RpcCode[name as keyof typeof RpcCode]]).toEqual([name, code]);
  });

  it.each([
    [CloseCode.GoingAway, 'soon'],
    [CloseCode.ServiceRestart, 'soon'],
    [CloseCode.PolicyViolation, 'later'],
    [CloseCode.TooBig, 'later'],
    [CloseCode.UnsupportedData, 'later'],
    [CloseCode.InvalidPayload, 'later'],
    [CloseCode.Abnormal, 'backoff'],
    [CloseCode.TryAgainLater, 'backoff'],
    [CloseCode.InternalError, 'backoff'],
    [CloseCode.Normal, 'backoff'],
    [CloseCode.LoginTimeout, 'backoff'],
    [4000, 'backoff'],
    [4999, 'backoff'],
  ])('close %i: %s', (code, policy) => expect(closePolicy(code)).toBe(policy));
});
