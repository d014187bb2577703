import type { APIRoute } from 'astro';
import { handleBackchannelLogout } from '../../login/backchannel-endpoint.ts';
import { methodNotAllowed } from '../../server/endpoint.ts';

export const POST: APIRoute = ({ request }) => handleBackchannelLogout('citizen', request);

export const ALL = methodNotAllowed(['POST']);
