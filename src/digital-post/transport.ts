/**
 * How a letter leaves the portal. A transport gets the letter's MeMo XML and its MessageUUID and says
 * whether it was delivered. It must be idempotent by MessageUUID: the outbox sends a letter again when a
 * worker died between sending and recording it, and the second send must not give the citizen two letters.
 */

/** One letter to send: exactly the XML the outbox holds. */
export interface OutgoingLetter {
  readonly messageUuid: string;
  readonly memoXml: string;
}

export type SendResult =
  | { readonly ok: true }
  /**
   * Not delivered. `permanent` failures (the receiver refused the letter itself) go straight to the
   * dead-letter state; others are retried with back-off. `error` is logged and shown to staff, so it
   * must hold no personal data.
   */
  | { readonly ok: false; readonly permanent: boolean; readonly error: string };

export interface DigitalPostTransport {
  /** For logs and the staff page: `development`, `sf1601`. */
  readonly name: string;
  send(letter: OutgoingLetter): Promise<SendResult>;
}

/** A failure from an HTTP status: 4xx other than 408/429 means the letter itself was refused. */
export function failureFromStatus(status: number, what: string): SendResult {
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return { ok: false, permanent, error: `${what} answered HTTP ${String(status)}` };
}

/** A failure from a thrown network error, without its message's details (they may echo the request). */
export function failureFromError(error: unknown, what: string): SendResult {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const name = error instanceof Error ? error.name : 'Error';
  return {
    ok: false,
    permanent: false,
    error: `${what} unreachable (${typeof code === 'string' ? code : name})`,
  };
}
