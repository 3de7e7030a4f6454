import { CoalescedWake } from './coalesced-wake';

describe('CoalescedWake', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes once for every request inside the window, then starts a new window', () => {
    const wake = jest.fn();
    const coalesced = new CoalescedWake(50, wake);
    for (let i = 0; i < 10; i++) {
      coalesced.request();
      jest.advanceTimersByTime(4);
    }
    expect(wake).not.toHaveBeenCalled();
    jest.advanceTimersByTime(10);
    expect(wake).toHaveBeenCalledTimes(1);
    coalesced.request();
    jest.advanceTimersByTime(50);
    expect(wake).toHaveBeenCalledTimes(2);
  });

  it('wakes at once on every request when the window is 0', () => {
    const wake = jest.fn();
    const coalesced = new CoalescedWake(0, wake);
    coalesced.request();
    coalesced.request();
    expect(wake).toHaveBeenCalledTimes(2);
  });

  it('wakes no more once cancelled (shutdown)', () => {
    const wake = jest.fn();
    const coalesced = new CoalescedWake(50, wake);
    coalesced.request();
    coalesced.cancel();
    jest.advanceTimersByTime(100);
    expect(wake).not.toHaveBeenCalled();
  });
});
