// Runs a TypeScript entry point (scripts, benchmarks, test child processes) without a build step:
// swc compiles each .ts file on require, keeping decorator metadata for Nest, and tsconfig paths
// resolve the @ketenregie/* aliases to their sources.
const { transformSync } = require('@swc/core');
const path = require('node:path');
const Module = require('node:module');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '../..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });

const compile = (module, filename) => {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: filename.endsWith('.tsx') },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
Module._extensions['.ts'] = compile;
Module._extensions['.tsx'] = compile;
process.setSourceMapsEnabled(true);

// Required rather than run (jest's global setup), it only registers the hooks above.
if (require.main === module) {
  const [entry, ...rest] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node tools/scripts/run-ts.cjs <file.ts> [args...]\n');
    process.exit(2);
  }
  process.argv = [process.argv[0], path.resolve(entry), ...rest];
  require(path.resolve(entry));
}
