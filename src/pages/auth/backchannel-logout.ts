import type { APIRoute } from 'astro';
import { handleBackchannelLogout } from '../../login/backchannel-endpoint.ts';

export const POST: APIRoute = ({ request }) => handleBackchannelLogout('citizen', request);
