// A real OpenID Connect provider for the sign-in tests: oidc-provider (an ES module, so it runs
// in its own node process) with one confidential client and the accounts given in the
// environment, on a free port of 127.0.0.1. Prints one JSON line with its issuer once listening.
// Its development interactions (a login form that takes any password, then a consent page)
// stand in for a municipality's sign-in screens. Test use only: the keys are generated per run.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
};

const clientId = required('OIDC_TEST_CLIENT_ID');
const clientSecret = required('OIDC_TEST_CLIENT_SECRET');
const redirectUri = required('OIDC_TEST_REDIRECT_URI');
/** `{ "<subject>": { "email": "...", "email_verified": true, "name": "..." } }` */
const accounts = JSON.parse(required('OIDC_TEST_ACCOUNTS'));

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  async findAccount(_ctx, subject) {
    const claims = accounts[subject];
    if (!claims) return undefined;
    return { accountId: subject, claims: async () => ({ sub: subject, ...claims }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: [Math.random().toString(36).slice(2)] },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
