/**
 * Runs the ledger's TypeScript sources in a child process as the build compiles them: TypeScript's
 * own transpiler, with the decorator metadata Nest's injection reads (tsx's esbuild emits none), and
 * the @ledger/* paths of tsconfig.json. `node --require ./test/support/ts-register.js apps/ledger/src/main.ts`
 */
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const ts = require('typescript');

const root = resolve(__dirname, '../..');
const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson({ ...config.compilerOptions, sourceMap: false, inlineSourceMap: true }, root);

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@ledger\/([a-z-]+)(\/.*)?$/.exec(request);
  return resolveFilename.call(this, alias ? join(root, 'libs', alias[1], 'src', alias[2] ?? '') : request, ...rest);
};
