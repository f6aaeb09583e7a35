// Jest resolves the same `@quarry/*` aliases as tsconfig.json.
const { join } = require('node:path');
const tsconfig = require('../tsconfig.json');

exports.pathsToModuleNameMapper = () => {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    mapper[`^${alias.replace(/[/@-]/g, (c) => `\\${c}`)}$`] = join('<rootDir>', target);
  }
  return mapper;
};
