export type OpenIdClient = typeof import('openid-client');

let loaded: OpenIdClient | null = null;

/**
 * openid-client 6, which ships ESM only: Node's require loads it all the same (require(esm),
 * Node 20.19+), in the built API (CommonJS); jest compiles it to CommonJS (jest.preset.js).
 * Loaded on first use, so a deployment without single sign-on never loads it.
 */
export function openIdClient(): OpenIdClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('openid-client') as OpenIdClient);
}
