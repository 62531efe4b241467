/**
 * The minimum a new password must meet, the same for a user's own change, the admin command and
 * any other place a password is chosen: long enough, not the username, and not one of the
 * passwords everybody tries first (the demo organisation's among them: a production
 * deployment must never accept it).
 */
export interface PasswordPolicy {
  minLength: number;
  /** In production the demo password and the most common ones are refused. */
  production: boolean;
}

export type PasswordProblemCode =
  'password_too_short' | 'password_is_username' | 'password_too_common';

export interface PasswordProblem {
  code: PasswordProblemCode;
  message: string;
}

/** The demo organisation's password and the ones tried first in every guessing list. */
const COMMON_PASSWORDS = new Set([
  'demo',
  'demodemo',
  'demo1234',
  'password',
  'password1',
  'password123',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '00000000',
  '88888888',
  '66666666',
  'qwertyuiop',
  'qwerty123',
  'abc12345',
  'abcd1234',
  'a1234567',
  'admin123',
  'admin1234',
  'administrator',
  'rectiflow',
  'iloveyou',
  '1qaz2wsx',
  '1q2w3e4r',
  'zxcvbnm123',
]);

/** What is wrong with a new password under the policy, or null when it may be used. */
export function passwordProblem(
  password: string,
  username: string,
  policy: PasswordPolicy,
): PasswordProblem | null {
  if ([...password].length < policy.minLength) {
    return {
      code: 'password_too_short',
      message: `newPassword must be at least ${policy.minLength} characters`,
    };
  }
  const folded = password.normalize('NFKC').toLowerCase();
  const name = username.normalize('NFKC').toLowerCase();
  if (name.length > 0 && (folded === name || (folded.includes(name) && name.length >= 4))) {
    return { code: 'password_is_username', message: 'newPassword must not contain the username' };
  }
  if (COMMON_PASSWORDS.has(folded) || (policy.production && folded.startsWith('demo'))) {
    return {
      code: 'password_too_common',
      message: 'newPassword is among the passwords tried first: choose another',
    };
  }
  return null;
}
