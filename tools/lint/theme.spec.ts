import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The theme's CSS is generated from its tokens and committed, so the web build needs no extra
// step; this keeps the two from drifting apart.
describe('the Ketenregie theme', () => {
  it('is the Style Dictionary build of its tokens (run `npm run build:theme` after changing them)', () => {
    const out = mkdtempSync(join(tmpdir(), 'ketenregie-theme-'));
    try {
      execFileSync(process.execPath, [join(__dirname, '../scripts/build-theme.mjs'), '--out', out], { stdio: 'pipe' });
      const fresh = readFileSync(join(out, 'ketenregie-theme.css'), 'utf8');
      const committed = readFileSync(join(__dirname, '../../libs/ui/src/theme/ketenregie-theme.css'), 'utf8');
      expect(committed).toBe(fresh);
      expect(committed).toContain('--utrecht-button-primary-action-background-color: var(--ketenregie-color-primary);');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
