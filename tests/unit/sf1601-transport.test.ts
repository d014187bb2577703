import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isDuplicateRefusal,
  sf1601Transport,
  type MtlsPost,
} from '../../src/digital-post/sf1601-transport.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf1601-'));
const certificatePath = join(dir, 'cert.pem');
const privateKeyPath = join(dir, 'key.pem');
writeFileSync(certificatePath, '-----BEGIN CERTIFICATE-----\nTUlJQ0VSVA==\n-----END CERTIFICATE-----\n');
writeFileSync(privateKeyPath, 'unused: the fake transport below does no TLS');

const settings = {
  baseUrl: new URL('https://exttest.serviceplatformen.dk'),
  stsUrl: new URL(
    'https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue',
  ),
  cvr: '29189919',
  certificatePath,
  privateKeyPath,
  privateKeyPassphrase: undefined,
};
const MEMO =
  '<?xml version="1.0" encoding="UTF-8"?>\n<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1"/>';

/** A fake KOMBIT: the token service, the access token service and KombiPostAfsend, recording each call. */
function fakeKombit(
  kombiStatus: number,
  kombiBody = '',
): { post: MtlsPost; calls: { url: string; headers: Record<string, string>; body: string }[] } {
  const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
  const post: MtlsPost = (url, headers, body) => {
    calls.push({ url: url.toString(), headers, body });
    if (url.pathname.endsWith('/issue')) {
      return Promise.resolve({
        status: 200,
        body: JSON.stringify({ RequestedSecurityToken: { Assertion: '<saml/>' } }),
      });
    }
    if (url.pathname.endsWith('/token')) {
      return Promise.resolve({
        status: 200,
        body: JSON.stringify({ token_type: 'Holder-of-key', access_token: 'abc', expires_in: 3600 }),
      });
    }
    return Promise.resolve({ status: kombiStatus, body: kombiBody });
  };
  return { post, calls };
}

describe('SF1601 transport', () => {
  it('gets a SAML token for our CVR, trades it for an access token, and posts the kombi_request once per letter', async () => {
    const { post, calls } = fakeKombit(200);
    const transport = sf1601Transport(settings, post);
    expect(await transport.send({ messageUuid: 'u1', memoXml: MEMO })).toEqual({ ok: true });
    expect(await transport.send({ messageUuid: 'u2', memoXml: MEMO })).toEqual({ ok: true });
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/runtime/api/rest/wstrust/v1/issue',
      '/service/AccessTokenService_1/token',
      '/service/KombiPostAfsend_1/kombi',
      '/service/KombiPostAfsend_1/kombi', // the token is reused
    ]);
    const sts = JSON.parse(calls[0]?.body ?? '{}') as Record<string, unknown>;
    expect(sts['AnvenderKontekst']).toEqual({ Cvr: '29189919' });
    expect(sts['UseKey']).toBe('TUlJQ0VSVA==');
    expect(sts['AppliesTo']).toEqual({
      EndpointReference: { Address: 'http://entityid.kombit.dk/service/kombipostafsend/1' },
    });
    const kombi = calls[2];
    expect(kombi?.headers['Authorization']).toBe('Holder-of-key abc');
    expect(kombi?.headers['X-TransaktionsId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(kombi?.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><kombi_request><KombiValgKode>Digital Post</KombiValgKode><memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1"/></kombi_request>',
    );
  });

  it('retries on 5xx and a refused token, gives up on a refused letter, and takes a duplicate MessageUUID as delivered', async () => {
    expect(
      await sf1601Transport(settings, fakeKombit(503).post).send({ messageUuid: 'u', memoXml: MEMO }),
    ).toEqual({
      ok: false,
      permanent: false,
      error: 'SF1601 KombiPostAfsend answered HTTP 503',
    });
    expect(
      await sf1601Transport(settings, fakeKombit(401).post).send({ messageUuid: 'u', memoXml: MEMO }),
    ).toMatchObject({
      ok: false,
      permanent: false,
    });
    expect(
      await sf1601Transport(settings, fakeKombit(400, 'schema').post).send({
        messageUuid: 'u',
        memoXml: MEMO,
      }),
    ).toMatchObject({
      ok: false,
      permanent: true,
    });
    const duplicate = fakeKombit(400, 'MessageUUID findes allerede (duplicate)');
    expect(await sf1601Transport(settings, duplicate.post).send({ messageUuid: 'u', memoXml: MEMO })).toEqual(
      { ok: true },
    );
    expect(isDuplicateRefusal(500, 'MessageUUID duplicate')).toBe(false);
  });

  it('reports an unreachable service without echoing the request', async () => {
    const down: MtlsPost = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED 1601800001'), { code: 'ECONNREFUSED' }));
    const result = await sf1601Transport(settings, down).send({ messageUuid: 'u', memoXml: MEMO });
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(JSON.stringify(result)).not.toContain('1601800001');
  });
});
