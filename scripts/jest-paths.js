// Maps tsconfig.base.json "paths" to Jest's moduleNameMapper so there is one source of truth.
const { compilerOptions } = require('../tsconfig.base.json');

function escape(s) {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

exports.pathsToModuleNameMapper = function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    const wildcard = alias.endsWith('/*');
    const key = wildcard ? `^${escape(alias.slice(0, -2))}/(.*)$` : `^${escape(alias)}$`;
    mapper[key] = `<rootDir>/${wildcard ? target.replace('*', '$1') : target}`;
  }
  return mapper;
};
