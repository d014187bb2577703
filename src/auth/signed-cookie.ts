/**
 * A small signed value for cookies: base64url(JSON) + "." + HMAC-SHA256. Used for the login
 * transaction (state, nonce, PKCE verifier) between the redirect to the IdP and the callback.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Signs a JSON-serialisable value. */
export function signValue(value: unknown, secret: string): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The value, if the signature holds; undefined otherwise. */
export function verifySignedValue(signed: string | undefined, secret: string): unknown {
  if (!signed) return undefined;
  const [payload, signature] = signed.split('.');
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
