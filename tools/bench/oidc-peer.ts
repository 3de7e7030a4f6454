// The benchmark's peer: node-oidc-provider issuing client_credentials JWT access tokens (ES256),
// run as its own process so it gets a core to itself exactly like the auth app. Prints its port.
import { exportJWK, generateKeyPair } from 'jose';

export const PEER_CLIENT = { id: 'bench-peer', secret: 'bench-peer-secret-0123456789abcdef0123456789abcdef' };

async function main(): Promise<void> {
  // A specifier in a variable: the package ships no types, and Node loads its ESM either way.
  const specifier = 'oidc-provider';
  const { default: Provider } = (await import(specifier)) as { default: OidcProviderCtor };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'peer-1', alg: 'ES256', use: 'sig' };
  const resource = 'urn:gatehouse:bench';
  const provider = new Provider('http://127.0.0.1', {
    clients: [
      {
        client_id: PEER_CLIENT.id,
        client_secret: PEER_CLIENT.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
        // Its only key is ES256; the default (RS256) would make the client invalid.
        id_token_signed_response_alg: 'ES256',
        scope: 'a:read a:write',
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ['a:read', 'a:write'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'a:read a:write',
          audience: resource,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
  const server = provider.listen(0, '127.0.0.1');
  server.once('listening', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });
}

interface OidcProviderCtor {
  new (
    issuer: string,
    configuration: Record<string, unknown>,
  ): {
    listen(port: number, host: string): import('node:http').Server;
  };
}

if (require.main === module) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
