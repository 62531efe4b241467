import { BodyError, bodyErrorAnswer, jsonDeeperThan, reservedKeyPath } from './body-guards';

const LIMITS = { json: '2mb', urlencoded: '1mb', text: '5mb' };

describe('jsonDeeperThan', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it('counts objects and lists, not brackets inside strings', () => {
    expect(jsonDeeperThan(Buffer.from(nested(64)), 64)).toBe(false);
    expect(jsonDeeperThan(Buffer.from(nested(65)), 64)).toBe(true);
    expect(jsonDeeperThan(Buffer.from('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
    expect(jsonDeeperThan(Buffer.from('{"a":{"b":[{"c":1}]}}'), 3)).toBe(true);
    const inString = JSON.stringify({ t: '[[[[[[{{{{{{\\"[[[[' });
    expect(jsonDeeperThan(Buffer.from(inString), 1)).toBe(false);
  });
  it('handles 5,000 levels without recursion', () => {
    expect(jsonDeeperThan(Buffer.from(nested(5000)), 64)).toBe(true);
  });
});

describe('reservedKeyPath', () => {
  it('finds __proto__, constructor and prototype anywhere, naming the path', () => {
    expect(reservedKeyPath(JSON.parse('{"a":1,"__proto__":{"x":1}}'))).toBe('__proto__');
    expect(reservedKeyPath(JSON.parse('{"measures":[{"text":"x","constructor":{}}]}'))).toBe(
      'measures.0.constructor',
    );
    expect(reservedKeyPath(JSON.parse('{"a":{"b":{"prototype":1}}}'))).toBe('a.b.prototype');
    expect(reservedKeyPath({ title: 'constructor', list: ['__proto__'] })).toBeNull();
  });
});

describe('bodyErrorAnswer', () => {
  it('answers each parser refusal with its status, the field or limit, and a code', () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    expect(bodyErrorAnswer(parse, LIMITS)).toMatchObject({
      status: 400,
      errors: [{ field: 'body', code: 'invalid_json' }],
    });
    const large = bodyErrorAnswer(
      { type: 'entity.too.large', status: 413, limit: 2097152 },
      LIMITS,
    );
    expect(large).toMatchObject({ status: 413, errors: [{ code: 'body_too_large' }] });
    expect(large?.errors[0].message).toContain('2097152');
    expect(bodyErrorAnswer({ type: 'encoding.unsupported', status: 415 }, LIMITS)).toMatchObject({
      status: 415,
      errors: [{ field: 'content-encoding', code: 'unsupported_content_encoding' }],
    });
    expect(bodyErrorAnswer({ type: 'charset.unsupported', status: 415 }, LIMITS)).toMatchObject({
      status: 415,
      errors: [{ field: 'content-type', code: 'unsupported_charset' }],
    });
    expect(
      bodyErrorAnswer(new BodyError(400, 'a.__proto__', 'reserved_key', 'x'), LIMITS),
    ).toMatchObject({ status: 400, errors: [{ field: 'a.__proto__', code: 'reserved_key' }] });
  });
  it('leaves server errors to the error handler', () => {
    expect(bodyErrorAnswer(new Error('boom'), LIMITS)).toBeNull();
    expect(bodyErrorAnswer({ status: 500, type: 'stream.not.readable' }, LIMITS)).toBeNull();
  });
});
