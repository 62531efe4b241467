import { In, type EntityManager, type DataSource } from 'typeorm';
import { UserEntity } from '@rectiflow/persistence';

/**
 * The display names of some people, by id, in one query (none for no ids): what a view shows
 * beside an author's, a recorder's or an attendee's id. An id of nobody is absent from the map.
 */
export async function userNames(
  db: DataSource | EntityManager,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .getRepository(UserEntity)
    .find({ select: ['id', 'displayName'], where: { id: In(unique) } });
  return new Map(rows.map((u) => [u.id, u.displayName]));
}
