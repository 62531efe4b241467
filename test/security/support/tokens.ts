import { JwtService } from '@nestjs/jwt';

export interface Claims {
  sub: string;
  username: string;
  roles: string[];
  departmentId: string | null;
}

const jwt = new JwtService({});

/** A token with these claims, signed with the right secret, that expired a minute ago. */
export function expiredToken(secret: string, claims: Claims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return jwt.signAsync(
    { ...claims, iat: now - 3600, exp: now - 60 },
    { secret, algorithm: 'HS256' },
  );
}

/** A well-formed, unexpired token signed with a secret the server does not know. */
export function forgedToken(claims: Claims): Promise<string> {
  return jwt.signAsync(claims, {
    secret: 'not-the-servers-secret-0123456789',
    algorithm: 'HS256',
    expiresIn: '1h',
  });
}

/** An unsigned token (`alg: none`) claiming whatever it likes. */
export function unsignedToken(claims: Claims): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iat: now, exp: now + 3600 })}.`;
}
