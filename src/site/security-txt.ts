/**
 * /.well-known/security.txt (RFC 9116): where to report a security problem in the portal. Contact
 * comes from SECURITY_CONTACT (src/config.ts); the file expires after 180 days and is rewritten with a
 * later date every day, so it never goes stale while the portal runs.
 */

/** How long a served security.txt stays valid (RFC 9116 §2.5.5: less than a year is recommended). */
export const SECURITY_TXT_VALID_DAYS = 180;

export const SECURITY_TXT_PATH = '/.well-known/security.txt';

/** The security.txt text. `now` is rounded down to midnight UTC, so the file changes once a day. */
export function securityTxt(input: {
  readonly contacts: readonly string[];
  readonly baseUrl: URL;
  readonly now: Date;
}): string {
  const midnight = Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), input.now.getUTCDate());
  const expires = new Date(midnight + SECURITY_TXT_VALID_DAYS * 86_400_000);
  return [
    ...input.contacts.map((contact) => `Contact: ${contact}`),
    `Expires: ${expires.toISOString()}`,
    `Canonical: ${new URL(SECURITY_TXT_PATH, input.baseUrl).href}`,
    'Preferred-Languages: da, en',
    '',
  ].join('\n');
}
