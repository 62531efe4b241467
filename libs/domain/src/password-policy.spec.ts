import { passwordProblem } from './password-policy';

const policy = { minLength: 10, production: false };

describe('passwordProblem', () => {
  it('accepts a long password unrelated to the name', () => {
    expect(passwordProblem('长江黄河-2026-整改', 'dept1', policy)).toBeNull();
    expect(passwordProblem('correct horse battery', 'dept1', policy)).toBeNull();
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    // Nine characters, 27 bytes in UTF-8.
    expect(passwordProblem('整改落实到位不走样', 'dept1', policy)?.code).toBe('password_too_short');
    expect(passwordProblem('整改落实到位不走样了', 'dept1', policy)).toBeNull();
  });

  it('refuses the username, in any case or width, alone or inside', () => {
    expect(passwordProblem('zhangsan01', 'zhangsan01', policy)?.code).toBe('password_is_username');
    expect(passwordProblem('ＺＨＡＮＧＳＡＮ01', 'zhangsan01', policy)?.code).toBe(
      'password_is_username',
    );
    expect(passwordProblem('my-zhangsan-2026', 'zhangsan', policy)?.code).toBe(
      'password_is_username',
    );
  });

  it('refuses the passwords tried first, and in production anything starting with demo', () => {
    expect(passwordProblem('Password123', 'dept1', policy)?.code).toBe('password_too_common');
    expect(passwordProblem('demo-xyz-2026', 'office', policy)).toBeNull();
    expect(passwordProblem('demo-xyz-2026', 'office', { ...policy, production: true })?.code).toBe(
      'password_too_common',
    );
  });

  it('follows the configured length', () => {
    expect(passwordProblem('abcdefgh12', 'x', { minLength: 12, production: false })?.code).toBe(
      'password_too_short',
    );
  });
});
