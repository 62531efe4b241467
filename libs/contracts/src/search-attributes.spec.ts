import { FINDING_SEARCH_ATTRIBUTES } from './search-attributes';

// The dev server's start and the cluster's setup register the attributes from a plain script
// (they run before anything is compiled); the workflow upserts the keys declared here. A key
// renamed or retyped on one side only would fail every finding's workflow task at its first
// upsert, so the two lists must agree exactly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SEARCH_ATTRIBUTES } = require('../../../scripts/temporal-search-attributes.cjs') as {
  SEARCH_ATTRIBUTES: Record<string, string>;
};

describe('finding search attributes', () => {
  it('are registered by the scripts with the names and types the workflow upserts', () => {
    const declared = Object.fromEntries(
      Object.values(FINDING_SEARCH_ATTRIBUTES).map((k) => [k.name, k.type]),
    );
    const registered = Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, type.toUpperCase()]),
    );
    expect(registered).toEqual(declared);
  });
});
