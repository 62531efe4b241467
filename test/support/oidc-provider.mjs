// A throw-away OpenID Connect provider for the single sign-on tests: oidc-provider (ESM-only,
// hence this script, which a test spawns) with its development login and consent pages.
// Any password is accepted; the login typed is the account, and its preferred_username.
//
// Env: PORT (0: a free one), CLIENT_ID, REDIRECT_URI (comma-separated for several), and
// EMAIL_DOMAIN for the accounts'
// e-mails. Prints one JSON line `{"issuer": "http://127.0.0.1:PORT"}` once it listens.
import * as http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 0);
const clientId = process.env.CLIENT_ID ?? 'rectiflow';
const redirectUri = process.env.REDIRECT_URI;
if (!redirectUri) throw new Error('REDIRECT_URI is required');
const emailDomain = process.env.EMAIL_DOMAIN ?? 'example.org';

const server = http.createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      // A public client: PKCE is what protects the code.
      token_endpoint_auth_method: 'none',
      redirect_uris: redirectUri.split(','),
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name'],
    email: ['email', 'email_verified'],
  },
  // As the specification has it (oidc-provider's default): with an access token issued, the
  // profile and e-mail claims are at the userinfo endpoint, not in the ID token; the API reads
  // them there.
  conformIdTokenClaims: true,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          preferred_username: id,
          name: `SSO ${id}`,
          email: `${id}@${emailDomain}`,
          email_verified: true,
        };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['rectiflow-test-oidc-provider-cookie-key'] },
});
// Quiet: the dev interactions warn on every start.
provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
