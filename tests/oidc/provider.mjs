// A real OpenID Connect provider (panva's oidc-provider) for Datameent's integration tests.
//
// It plays both roles Datameent talks to: a DigiD broker (a `bsn` claim and an `acr`) and a
// municipality's identity provider (a `groups` claim). The login form lets the test say who
// logs in and with which claims and assurance level, as the real ones decide that themselves.
//
// Configured by one JSON document in the environment variable OIDC_TEST_CONFIG:
//   {"port": 9000, "issuer": "http://127.0.0.1:9000", "jwks": {"keys": [<private JWK>]},
//    "clients": [{"client_id": ..., "client_secret": ..., "redirect_uris": [...],
//                 "post_logout_redirect_uris": [...]}],
//    "acr_values": [...]}
// Prints "listening <issuer>" on stdout once it accepts connections.
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
// Who logs in, by subject: the claims the login form gave. Kept in memory for this run.
const accounts = new Map();

// The tests run Django at a port chosen at random (live_server) or as "testserver": a
// redirect URI is allowed when its path is registered, on a loopback or test host.
const TEST_HOSTS = new Set(['127.0.0.1', 'localhost', 'testserver']);
function testRedirectAllowed(value, registered) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!url || !TEST_HOSTS.has(url.hostname)) return false;
  return registered.some((allowed) => new URL(allowed).pathname === url.pathname);
}

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  jwks: config.jwks,
  acrValues: config.acr_values,
  claims: {
    openid: ['sub'],
    bsn: ['bsn'],
    groups: ['groups'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email'],
  },
  // As the DigiD brokers do: the claims travel in the ID token, not only at userinfo.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Sign out</title></head><body>
          <h1>Sign out of the test provider?</h1>${form}
          <button id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
          </body></html>`;
      },
    },
  },
  findAccount: async (ctx, id) => {
    const claims = accounts.get(id);
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
  cookies: { keys: ['datameent-test-provider-cookie-key'] },
});
provider.proxy = false;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return testRedirectAllowed(value, this.redirectUris);
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutAllowed(value) {
  return testRedirectAllowed(value, this.postLogoutRedirectUris ?? []);
};

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginForm(uid, params) {
  const acrOptions = config.acr_values
    .map((acr) => `<option value="${escape(acr)}">${escape(acr)}</option>`)
    .join('');
  return `<!DOCTYPE html><html lang="en"><head><title>Test provider login</title></head><body>
    <h1>Test provider: log in to ${escape(params.client_id)}</h1>
    <form method="post" action="/interaction/${escape(uid)}">
      <p><label for="f-sub">Subject</label> <input id="f-sub" name="sub" required></p>
      <p><label for="f-bsn">BSN</label> <input id="f-bsn" name="bsn"></p>
      <p><label for="f-groups">Groups</label> <input id="f-groups" name="groups"></p>
      <p><label for="f-name">Name</label> <input id="f-name" name="name"></p>
      <p><label for="f-acr">Assurance</label> <select id="f-acr" name="acr">${acrOptions}</select></p>
      <button type="submit" id="provider-login">Log in</button>
    </form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginForm(details.uid, details.params));
    return;
  }
  const form = await readForm(req);
  const sub = form.get('sub');
  const claims = {};
  if (form.get('bsn')) claims.bsn = form.get('bsn');
  if (form.has('groups')) {
    claims.groups = form.get('groups').split(',').map((g) => g.trim()).filter(Boolean);
  }
  if (form.get('name')) {
    claims.name = form.get('name');
    claims.preferred_username = sub;
  }
  accounts.set(sub, claims);
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: sub, acr: form.get('acr'), remember: true }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${error.message}`);
    });
    return;
  }
  callback(req, res);
});
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${config.issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
