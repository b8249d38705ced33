// Builds the Ketenregie theme (CSS variables on `.ketenregie-theme`) from its design tokens with
// Style Dictionary. `npm run build:theme` writes libs/ui/src/theme/ketenregie-theme.css; with
// `--out <dir>` it writes there instead (the spec compares a fresh build with the committed file).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import StyleDictionary from 'style-dictionary';

const themeDir = join(dirname(fileURLToPath(import.meta.url)), '../../libs/ui/src/theme');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : themeDir;

const dictionary = new StyleDictionary({
  source: [join(themeDir, 'ketenregie.tokens.json')],
  log: { verbosity: 'silent' },
  platforms: {
    css: {
      transformGroup: 'css',
      buildPath: `${outDir}/`,
      files: [
        {
          destination: 'ketenregie-theme.css',
          format: 'css/variables',
          options: { selector: '.ketenregie-theme', outputReferences: true, showFileHeader: false },
        },
      ],
    },
  },
});

await dictionary.buildAllPlatforms();
