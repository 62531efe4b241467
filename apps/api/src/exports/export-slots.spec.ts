import type { AppConfig } from '@rectiflow/config';
import { ExportBusyException, ExportSlots } from './export-slots';

const slots = (perUser: number, all: number) =>
  new ExportSlots({
    env: { EXPORT_CONCURRENCY_PER_USER: perUser, EXPORT_CONCURRENCY: all },
  } as unknown as AppConfig);

const refused = (take: () => unknown) => {
  try {
    take();
  } catch (e) {
    return e instanceof ExportBusyException ? e : null;
  }
  return null;
};

describe('export slots', () => {
  it('refuses a user beyond their own limit, and anyone beyond the overall one', () => {
    const s = slots(2, 3);
    const a1 = s.take('a');
    s.take('a');
    const own = refused(() => s.take('a'));
    expect(own?.getStatus()).toBe(429);
    expect(own?.getResponse()).toMatchObject({ code: 'export_busy', scope: 'user' });
    s.take('b');
    expect(s.inFlight).toBe(3);
    const all = refused(() => s.take('c'));
    expect(all?.getResponse()).toMatchObject({ code: 'export_busy', scope: 'all' });
    expect(all!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // A freed slot is free for anyone; freeing twice frees once.
    a1();
    a1();
    expect(s.inFlight).toBe(2);
    expect(refused(() => s.take('c'))).toBeNull();
    expect(refused(() => s.take('a'))).not.toBeNull();
  });
});
