// Loaded before every test file (jest.config.js, setupFiles). superagent, under supertest, asks for
// "gzip, deflate" unless told otherwise, so the app gzipped nearly every response of the suite and the
// test gunzipped it again: CPU spent on nothing a test looks at. A request that names no
// Accept-Encoding now asks for identity. The tests of compression name the encodings they want
// (tests/integration/assets.test.ts, portal-cache.test.ts, page-cache-flight.test.ts).
import superagent from 'superagent';

/** The part of superagent's Request used here; request() (undeclared in its types) opens the connection. */
interface SuperagentRequest {
  get(header: string): string | undefined;
  set(header: string, value: string): unknown;
  request(): unknown;
  _unset?: Set<string>;
}

const proto = (superagent as unknown as { Request: { prototype: SuperagentRequest } }).Request.prototype;
const open = proto.request;
proto.request = function (this: SuperagentRequest) {
  if (this.get('Accept-Encoding') === undefined && !this._unset?.has('accept-encoding')) this.set('Accept-Encoding', 'identity');
  return open.call(this);
};
