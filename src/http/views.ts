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
 * over its parent's), and a key for the compiled function. The names a template declares are
 * worked out from them only when it is compiled, not on every render.
 */
interface Scope {
  keys: readonly string[];
  parent: Scope | null;
  key: string;
}

const declaredNames = (scope: Scope | null): string[] => (scope ? [...declaredNames(scope.parent), ...scope.keys.filter(declarable)] : []);

/**
 * The EJS engine with the app's options. EJS runs a template inside `with (locals)`, where V8 looks
 * up every name (each local, but also the template's own output function) at run time. Here each
 * template is compiled without `with`, its locals declared by name at the top (EJS's
 * `destructuredLocals`), once per set of local names it is rendered with (a page's names are the
 * same on every request). A name the locals lack is a ReferenceError, as it was under `with`.
 *
 * `include(path, data)` is the engine's own (a local of that name is declared over EJS's): the
 * included template gets its parent's locals through the prototype chain plus `data`, where EJS
 * copied every local into a new object for each include. Include paths start at views/ ("/site/_cards"):
 * EJS looked a relative one up on disk on every include.
 *
 * With `cache` (everywhere but development, where templates are edited) each template is read and
 * compiled once. Without `debug` (production) it is compiled without `compileDebug`, whose line
 * bookkeeping (an assignment per template line and a try/catch per template) was paid on every
 * render for an error message that names the line; with it an error names its file and line.
 */
export function viewEngine({ cache, debug }: { cache: boolean; debug: boolean }, root = VIEWS_DIR) {
  const compiled = new Map<string, Compiled>();

  const compile = (file: string, scope: Scope): Compiled => {
    const key = `${file}\0${scope.key}`;
    let fn = compiled.get(key);
    if (!fn) {
      // In a block of its own, so that a template may declare a name that is also a local.
      const text = `<% { %>${fs.readFileSync(file, 'utf8')}<% } %>`;
      // unsafePrototypeLocals: the locals object itself, not a copy (the engine makes a new one per render and include).
      const options = { filename: file, _with: false, destructuredLocals: [...declaredNames(scope), 'include'], compileDebug: debug, unsafePrototypeLocals: true, escape: escapeHtml };
      fn = ejs.compile(text, options) as Compiled;
      if (cache) {
        // Local names come from the code, so there are a few sets per template; bounded all the same.
        if (compiled.size >= MAX_COMPILED) compiled.clear();
        compiled.set(key, fn);
      }
    }
    return fn;
  };

  const render = (file: string, locals: Locals, scope: Scope): string => {
    locals.include = (name: string, data?: Locals) => {
      if (!name.startsWith('/')) throw new Error(`include('${name}') in ${file}: include paths start at views/ with "/"`);
      const child: Locals = Object.create(locals);
      const keys = data ? Object.keys(data) : [];
      if (data) Object.assign(child, data);
      const target = path.join(root, path.extname(name) ? name : `${name}.ejs`);
      return render(target, child, keys.length ? { keys, parent: scope, key: `${scope.key}|${keys.join(',')}` } : scope);
    };
    return compile(file, scope)(locals);
  };

  return (file: string, data: object, done: Done) => {
    let html: string;
    try {
      const keys = Object.keys(data);
      html = render(file, data as Locals, { keys, parent: null, key: keys.join(',') });
    } catch (err) {
      return done(err as Error);
    }
    done(null, html);
  };
}
