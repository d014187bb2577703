/** Open data: one AI system's notice as a UK ATRS record (src/register/standards.ts). */
import { standardRecordRoute } from '../../../../../register/open-data-routes.ts';
import { methodNotAllowed } from '../../../../../server/endpoint.ts';

export const GET = standardRecordRoute('atrs');
export const ALL = methodNotAllowed(['GET']);
