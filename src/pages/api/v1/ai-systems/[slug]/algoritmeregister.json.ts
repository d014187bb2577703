/** Open data: one AI system's notice as a Dutch Algoritmeregister record (src/register/standards.ts). */
import { standardRecordRoute } from '../../../../../register/open-data-routes.ts';
import { methodNotAllowed } from '../../../../../server/endpoint.ts';

export const GET = standardRecordRoute('algoritmeregister');
export const ALL = methodNotAllowed(['GET']);
