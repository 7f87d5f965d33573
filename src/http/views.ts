import ejs from 'ejs';
import { VIEWS_DIR } from '../paths';

type Done = (err: Error | null, html?: string) => void;

/**
 * The EJS engine with the app's options. In production templates are compiled once and kept, and
 * without `compileDebug`: its line bookkeeping (an assignment per template line and a try/catch
 * around each template) was paid on every render for an error message that names the line.
 * Elsewhere a template error still names its file and line.
 *
 * `root` makes an include path that starts with "/" a path under views/: EJS looks a relative one
 * up on disk (a stat) on every include, ten times a public page, so the public pages' templates
 * (views/site) name theirs from the root (`include('/site/_cards', …)`). The partials and error
 * pages keep relative ones: the error handler also renders them in apps without this engine.
 */
export function viewEngine(production: boolean) {
  const options = { cache: production, compileDebug: !production, views: [VIEWS_DIR], root: VIEWS_DIR };
  return (file: string, data: object, done: Done) => ejs.renderFile(file, data, options, done);
}
