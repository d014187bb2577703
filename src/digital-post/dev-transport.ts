/**
 * The development transport: delivers letters to the development inbox that the development MitID IdP
 * serves (src/dev-idp/digital-post-inbox.ts), over HTTP like a real transport, so a newcomer sees each
 * letter arrive at http://localhost:<DEV_IDP_PORT>/digital-post. The inbox keeps one letter per
 * MessageUUID, as Digital Post does.
 */
import {
  failureFromError,
  failureFromStatus,
  type DigitalPostTransport,
  type OutgoingLetter,
  type SendResult,
} from './transport.ts';

/** The transport that posts to the development inbox at `inboxUrl` (…/digital-post/memos). */
export function developmentTransport(inboxUrl: URL): DigitalPostTransport {
  return {
    name: 'development',
    async send(letter: OutgoingLetter): Promise<SendResult> {
      try {
        const response = await fetch(inboxUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/xml; charset=utf-8', 'X-Message-UUID': letter.messageUuid },
          body: letter.memoXml,
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        return response.ok ? { ok: true } : failureFromStatus(response.status, 'the development inbox');
      } catch (error) {
        return failureFromError(error, 'the development inbox');
      }
    },
  };
}
