/**
 * The production transport: KOMBIT Serviceplatformen's SF1601 (KombiPostAfsend), the way Danish
 * municipalities send Digital Post. Three calls, each over mutual TLS with the municipality's
 * organisation certificate (OCES3/FOCES):
 *  1. a SAML token from KOMBIT's security token service (REST WS-Trust, `AnvenderKontekst` = our CVR,
 *     `AppliesTo` = the KombiPostAfsend service's entity id);
 *  2. an access token for it from Serviceplatformen's AccessTokenService;
 *  3. POST /service/KombiPostAfsend_1/kombi with a `kombi_request` (KombiValgKode "Digital Post" and the
 *     MeMo message), headers X-TransaktionsId / X-TransaktionsTid and `Authorization: Holder-of-key …`.
 * This is the flow open-source municipal integrations use (e.g. itk-dev/serviceplatformen,
 * itk-dev-rpa/python-serviceplatformen). Tokens are reused until five minutes before they expire.
 *
 * Idempotency: the MessageUUID inside the MeMo is the letter's identity at Digital Post, which refuses a
 * second letter with a MessageUUID it already has. An answer that says so is taken as "delivered before"
 * (the worker died after the first send). Verify the exact wording against KOMBIT's test environment
 * (SF1601_BASE_URL=https://exttest.serviceplatformen.dk) before going live; until then such an answer
 * ends as a dead letter for staff to check, never as a second letter.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { z } from 'zod';
import {
  failureFromError,
  failureFromStatus,
  type DigitalPostTransport,
  type OutgoingLetter,
  type SendResult,
} from './transport.ts';

export const KOMBIPOSTAFSEND_ENTITY_ID = 'http://entityid.kombit.dk/service/kombipostafsend/1';

/** SF1601 settings (src/config.ts validates them; see the README's configuration table). */
export interface Sf1601Settings {
  /** Serviceplatformen, e.g. https://prod.serviceplatformen.dk or https://exttest.serviceplatformen.dk. */
  readonly baseUrl: URL;
  /** KOMBIT's security token service issue endpoint. */
  readonly stsUrl: URL;
  /** The municipality's CVR number: the sender and the STS's AnvenderKontekst. */
  readonly cvr: string;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  readonly privateKeyPassphrase: string | undefined;
}

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTPS call over mutual TLS. Separate so that tests can give a fake. */
export type MtlsPost = (url: URL, headers: Record<string, string>, body: string) => Promise<HttpAnswer>;

function mtlsPost(agent: Agent): MtlsPost {
  return (url, headers, body) =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= 1_048_576) chunks.push(chunk); // an answer is small; never hold a huge one
          });
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
}

/** The first certificate of a PEM file as one base64 line (the STS's UseKey). */
export function firstCertificateBase64(pem: string): string {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match?.[1]) throw new Error('SF1601_CERTIFICATE_PATH holds no PEM certificate');
  return match[1].replace(/\s+/g, '');
}

/** The kombi_request SF1601 takes: the MeMo message (without its XML declaration) behind KombiValgKode. */
export function kombiRequest(memoXml: string): string {
  const message = memoXml.replace(/^<\?xml[^>]*\?>\s*/, '');
  return `<?xml version="1.0" encoding="UTF-8"?><kombi_request><KombiValgKode>Digital Post</KombiValgKode>${message}</kombi_request>`;
}

/** Whether a refusal says the MessageUUID was already delivered (see the module comment). */
export function isDuplicateRefusal(status: number, body: string): boolean {
  return (
    status >= 400 &&
    status < 500 &&
    /messageuuid/i.test(body) &&
    /(duplicate|dublet|allerede|already)/i.test(body)
  );
}

const stsAnswer = z.object({
  RequestedSecurityToken: z.object({ Assertion: z.string().min(1) }),
});
const tokenAnswer = z.object({
  token_type: z.string().min(1),
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

/** Digital Post through SF1601. Reads the certificate and key once, at start: a bad path stops the portal. */
export function sf1601Transport(settings: Sf1601Settings, post?: MtlsPost): DigitalPostTransport {
  const certificate = readFileSync(settings.certificatePath, 'utf8');
  const send =
    post ??
    mtlsPost(
      new Agent({
        cert: certificate,
        key: readFileSync(settings.privateKeyPath, 'utf8'),
        ...(settings.privateKeyPassphrase ? { passphrase: settings.privateKeyPassphrase } : {}),
        keepAlive: true,
      }),
    );
  const useKey = firstCertificateBase64(certificate);
  let token: { value: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string | SendResult> {
    if (token && token.expiresAt > Date.now()) return token.value;
    const sts = await send(
      settings.stsUrl,
      { 'Content-Type': 'application/json' },
      JSON.stringify({
        TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
        RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
        KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey',
        AnvenderKontekst: { Cvr: settings.cvr },
        UseKey: useKey,
        AppliesTo: { EndpointReference: { Address: KOMBIPOSTAFSEND_ENTITY_ID } },
        OnBehalfOf: null,
      }),
    );
    if (sts.status !== 200) return failureFromStatus(sts.status, 'the KOMBIT token service');
    const saml = stsAnswer.safeParse(JSON.parse(sts.body));
    if (!saml.success)
      return { ok: false, permanent: false, error: 'the KOMBIT token service gave no token' };
    const access = await send(
      new URL('/service/AccessTokenService_1/token', settings.baseUrl),
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ 'saml-token': saml.data.RequestedSecurityToken.Assertion }).toString(),
    );
    if (access.status !== 200) return failureFromStatus(access.status, 'the Serviceplatformen token service');
    const parsed = tokenAnswer.safeParse(JSON.parse(access.body));
    if (!parsed.success) {
      return { ok: false, permanent: false, error: 'the Serviceplatformen token service gave no token' };
    }
    token = {
      value: `${parsed.data.token_type} ${parsed.data.access_token}`,
      expiresAt: Date.now() + (parsed.data.expires_in - 300) * 1000,
    };
    return token.value;
  }

  return {
    name: 'sf1601',
    async send(letter: OutgoingLetter): Promise<SendResult> {
      try {
        const authorization = await accessToken();
        if (typeof authorization !== 'string') {
          // A refused token is the portal's set-up, not the letter: retry, and staff see why.
          return authorization.ok ? authorization : { ...authorization, permanent: false };
        }
        const answer = await send(
          new URL('/service/KombiPostAfsend_1/kombi', settings.baseUrl),
          {
            'Content-Type': 'application/xml; charset=utf-8',
            Authorization: authorization,
            'X-TransaktionsId': randomUUID(),
            'X-TransaktionsTid': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          },
          kombiRequest(letter.memoXml),
        );
        if (answer.status >= 200 && answer.status < 300) return { ok: true };
        if (isDuplicateRefusal(answer.status, answer.body)) return { ok: true };
        if (answer.status === 401) {
          token = undefined; // expired or revoked: the next attempt fetches a new one
          return {
            ok: false,
            permanent: false,
            error: 'SF1601 KombiPostAfsend refused the access token (401)',
          };
        }
        return failureFromStatus(answer.status, 'SF1601 KombiPostAfsend');
      } catch (error) {
        return failureFromError(error, 'SF1601');
      }
    },
  };
}
