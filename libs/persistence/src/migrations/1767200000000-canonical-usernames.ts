import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames are stored in their canonical form (NFKC, lower case) since the API writes and
 * looks them up that way, so `Office` and `office` can no longer be two accounts. Rows written
 * before are rewritten here. Two rows that only differ in case (or in compatibility forms)
 * cannot both be kept: the migration stops naming them, and an operator renames one first.
 * No new column or index: the existing unique index on `username` enforces the rule once every
 * name is canonical.
 */
export class CanonicalUsernames1767200000000 implements MigrationInterface {
  name = 'CanonicalUsernames1767200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const rows = (await queryRunner.query('SELECT "id", "username" FROM "users"')) as {
      id: string;
      username: string;
    }[];
    const byCanonical = new Map<string, string[]>();
    for (const r of rows) {
      const canonical = r.username.normalize('NFKC').toLowerCase().trim();
      byCanonical.set(canonical, [...(byCanonical.get(canonical) ?? []), r.username]);
    }
    const clashes = [...byCanonical.values()].filter((names) => names.length > 1);
    if (clashes.length > 0) {
      throw new Error(
        `usernames that differ only in case or form must be renamed before upgrading: ${clashes
          .map((names) => names.join(' / '))
          .join('; ')}`,
      );
    }
    const [name, id] =
      queryRunner.connection.driver.options.type === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    for (const r of rows) {
      const canonical = r.username.normalize('NFKC').toLowerCase().trim();
      if (canonical !== r.username) {
        await queryRunner.query(`UPDATE "users" SET "username" = ${name} WHERE "id" = ${id}`, [
          canonical,
          r.id,
        ]);
      }
    }
  }

  public async down(): Promise<void> {
    // The original spelling is not kept; canonical names stay valid usernames.
  }
}
