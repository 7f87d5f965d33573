import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { VIEWS_DIR } from '../paths';
import { escapeHtml } from './escape';

type Done = (err: Error | null, html?: string) => void;
type Locals = Record<string, unknown>;
type Compiled = (locals: Locals) => string;

// Names a local cannot be declared under in a compiled template: JavaScript's reserved words and
// the compiled function's own names (src of ejs.compile).
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval locals escapeFn include rethrow'.split(
    ' ',
  ),
);
const MAX_COMPILED = 2000;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const declarable = (name: string) => IDENTIFIER.test(name) && !name.startsWith('__') && !RESERVED.has(name);

/**
 * What a template is compiled for: the names of the locals it is given (`keys`, an include's data
 * over its parent's). A page's names are the same on every request, so its scope is found again by
 * them (the root by its local names, an include's below its parent by the names of its data) and
 * holds its compiled templates by file: a render looks templates up without building or hashing a
 * key of every local's name per include.
 */
interface Scope {
  keys: readonly string[];
  parent: Scope | null;
  compiled: Map<string, Compiled>;
  children: Map<string, Scope>;
}

const scopeOf = (keys: readonly string[], parent: Scope | null): Scope => ({ keys, parent, compiled: new Map(), children: new Map() });
const declaredNames = (scope: Scope | null): string[] => (scope ? [...declaredNames(scope.parent), ...scope.keys.filter(declarable)] : []);

/**
 * The EJS engine with the app's options. EJS runs a template inside `with (locals)`, where V8 looks
 * up every name (each local, but also the template's own output function) at run time. Here each
 * template is compiled without `with`, its locals declared by name at the top (EJS's
 * `destructuredLocals`), once per set of local names it is rendered with (a page's names are the
 * same on every request). A name the locals lack is a ReferenceError, as it was under `with`.
 *
 * `include(path, data)` is the engine's own (a local of that name is declared over EJS's): an
 * include without data renders with its parent's locals object itself, one with data with a flat
 * copy of them and the data (EJS copied every local for each include). Not through a prototype
 * chain: each request's locals object would become a prototype, and V8 then makes new hidden
 * classes for the objects made from it, so every name an included template reads missed its
 * inline cache; an uncached /potensi cost about a third more CPU that way. Include paths start at
 * views/ ("/site/_cards"): EJS looked a relative one up on disk on every include.
 *
 * With `cache` (everywhere but development, where templates are edited) each template is read and
 * compiled once. Without `debug` (production) it is compiled without `compileDebug`, whose line
 * bookkeeping (an assignment per template line and a try/catch per template) was paid on every
 * render for an error message that names the line; with it an error names its file and line.
 */
export function viewEngine({ cache, debug }: { cache: boolean; debug: boolean }, root = VIEWS_DIR) {
  let roots = new Map<string, Scope>();
  let count = 0;
  // An include's name ("/site/_cards") to its file, resolved once.
  const targets = new Map<string, string>();

  const compile = (file: string, scope: Scope): Compiled => {
    let fn = scope.compiled.get(file);
    if (!fn) {
      // In a block of its own, so that a template may declare a name that is also a local.
      const text = `<% { %>${fs.readFileSync(file, 'utf8')}<% } %>`;
      // unsafePrototypeLocals: the locals object itself, not a copy (the engine makes what an include needs).
      const options = { filename: file, _with: false, destructuredLocals: [...declaredNames(scope), 'include'], compileDebug: debug, unsafePrototypeLocals: true, escape: escapeHtml };
      fn = ejs.compile(text, options) as Compiled;
      if (cache) {
        // Local names come from the code, so there are a few sets per template; bounded all the same.
        if (++count > MAX_COMPILED) [roots, count] = [new Map(), 1];
        scope.compiled.set(file, fn);
      }
    }
    return fn;
  };

  const targetOf = (name: string, file: string): string => {
    let target = targets.get(name);
    if (target === undefined) {
      if (!name.startsWith('/')) throw new Error(`include('${name}') in ${file}: include paths start at views/ with "/"`);
      target = path.join(root, path.extname(name) ? name : `${name}.ejs`);
      if (targets.size < MAX_COMPILED) targets.set(name, target);
    }
    return target;
  };

  const render = (file: string, locals: Locals, scope: Scope): string => {
    // A template reads its `include` as it starts, so an include without data may set its own on the same object.
    locals.include = (name: string, data?: Locals) => {
      const target = targetOf(name, file);
      const keys = data ? Object.keys(data) : [];
      if (keys.length === 0) return render(target, locals, scope);
      const names = keys.join(',');
      let inner = scope.children.get(names);
      if (!inner) scope.children.set(names, (inner = scopeOf(keys, scope)));
      return render(target, { ...locals, ...data }, inner);
    };
    return compile(file, scope)(locals);
  };

  return (file: string, data: object, done: Done) => {
    let html: string;
    try {
      const keys = Object.keys(data);
      const names = keys.join(',');
      let scope = roots.get(names);
      if (!scope) roots.set(names, (scope = scopeOf(keys, null)));
      html = render(file, data as Locals, scope);
    } catch (err) {
      return done(err as Error);
    }
    done(null, html);
  };
}
