import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './known-errors.filter';

describe('isDatabaseUnavailable', () => {
  it('knows the database dropping away mid-request: a 503 to retry, not a 500', () => {
    // A PostgreSQL restart: the transaction's connection was released under it.
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection' })).toBe(true);
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isDatabaseUnavailable({ driverError: { code: 'SQLITE_BUSY' } })).toBe(true);
  });

  it('leaves a wrong query a wrong query', () => {
    const syntax = new QueryFailedError('SELECT nope', [], { code: '42601' } as never);
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
