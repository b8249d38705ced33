import { join } from 'node:path';
import { findRepoRoot } from '../../config/repo-root';

/**
 * The invented organisations every API started by a test knows (ORGANISATIONS_FILE): two Veilig
 * Thuis regions, local teams, partners, a school, a municipality and the operator. Test data only.
 */
export const testOrganisationsFile = join(findRepoRoot(), 'apps/api/src/access/testing/test-organisations.json');
