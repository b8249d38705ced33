import { familySearchBodySchema, familySearchResultSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { byCapability, wholeCase } from '../../http/route-authorisation';

/**
 * Search-before-create, among the cases the user sees in full. A POST with a JSON body: names,
 * dates of birth and addresses in a query string would stay in proxies' and browsers' logs (Dutch
 * API Design Rules). It changes nothing, so it needs no Idempotency-Key; CSRF applies as to every POST.
 */
export const searchFamiliesRoute = queryRoute({
  method: 'post',
  path: '/families/search',
  operationId: 'searchFamilies',
  summary:
    'Zoeken vóór aanmaken: bekende gezinnen op naam (elke bekende schrijfwijze), geboortedatum, postcode en huisnummer (12A, 12 A, 12-A en 12 + A zijn één adres); persoonsgegevens in de body, nooit in de URL',
  tag: 'Gezinnen',
  authorisation: byCapability(
    'search-families',
    `Alleen gezinnen met een casus waarmee u ${wholeCase} hebt. Elk getoond gezin staat in het toegangslogboek.`,
  ),
  body: { name: 'FamilySearchBody', schema: familySearchBodySchema },
  response: { body: { name: 'FamilySearchResult', schema: familySearchResultSchema }, description: 'Kandidaten met score en redenen.' },
  problems: [
    { status: '400', description: 'De zoekvraag klopt niet; `errors` noemt de velden.' },
    { status: '403', description: 'Uw rol heeft deze bevoegdheid niet, of het X-CSRF-Token ontbreekt of klopt niet.' },
    '503',
  ],
});
