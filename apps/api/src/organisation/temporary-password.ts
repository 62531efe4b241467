import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: read aloud over the phone or copied from a screen without mistakes.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/**
 * A temporary password, shown once to the office (or printed by the admin command) and to be
 * changed at first sign-in: three groups of four from a 55-character alphabet, about 69 bits.
 */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g += 1) {
    let group = '';
    for (let i = 0; i < 4; i += 1) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
