// Jest's runtime (jest.config.js, `runtime`), with V8's code cache kept between the test files a
// worker runs. Jest gives every test file a fresh module registry, so a worker compiles express,
// kysely, zod and all of src/ again for each of its files: that compilation was about an eighth of
// the suite's CPU time. Here each module's code is compiled once per worker; the next files that load
// the same source start from V8's code cache of it (made after the first file ran, so it holds the
// functions that file called too). Each file still runs every module afresh in its own context: only
// the compiled code is shared, never a module's state. Plain JavaScript: Jest requires it as is.
const { AsyncLocalStorage } = require('node:async_hooks');
const { createHash } = require('node:crypto');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

const WRAPPER = 'pendopoModule';
/** Code cache by file name and a hash of the exact source compiled. */
const cache = new Map();
/** Scripts compiled without a usable cache during the current file, to be cached when it ends. */
let fresh = [];

// Each test file's copy of jest-circus (and of playwright-core) makes an AsyncLocalStorage. On Node 20
// one that has run stays in Node's list of storages for good, and every promise or other async
// resource made afterwards is handed to each storage in that list: by a worker's last files, dozens
// of dead ones (9 CPU s of the suite in one in-band profile). The storages a file used are disabled
// when it ends; a storage that runs again is enabled again by Node.
const usedStorages = new Set();
for (const method of ['run', 'enterWith']) {
  const original = AsyncLocalStorage.prototype[method];
  AsyncLocalStorage.prototype[method] = function (...args) {
    usedStorages.add(this);
    return original.apply(this, args);
  };
}

class CodeCachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    const compile = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const context = executor.environment.getVmContext();
      if (context == null || executor.resolution.isCoreModule(filename)) return compile(source, filename);
      const key = `${filename}\0${createHash('sha1').update(source).digest('base64')}`;
      const prefix = `({${JSON.stringify(WRAPPER)}:function(${executor.injectedModuleParameters.join(',')}){`;
      let script;
      try {
        script = new vm.Script(`${prefix}${source}\n}});`, {
          filename,
          // Columns of the source's first line as if there were no wrapper.
          columnOffset: -prefix.length,
          cachedData: cache.get(key),
          importModuleDynamically: (specifier, _script, attributes, ...rest) => executor.dynamicImport(specifier, filename, context, attributes, rest[0]),
        });
      } catch {
        // A syntax error (or a module Jest must load as ESM): Jest's own compile reports it.
        return compile(source, filename);
      }
      if (!cache.has(key) || script.cachedDataRejected) fresh.push({ key, script });
      return script.runInContext(context)[WRAPPER];
    };
  }

  teardown() {
    super.teardown();
    // After the file has run: the cache then holds every function it compiled, not only the top level.
    for (const { key, script } of fresh) cache.set(key, script.createCachedData());
    fresh = [];
    for (const storage of usedStorages) storage.disable();
    usedStorages.clear();
  }
}

module.exports = CodeCachingRuntime;
