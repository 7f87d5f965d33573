// s3rver ships no types; this is the part of its API the tests use.
declare module 's3rver' {
  class S3rver {
    constructor(opts: object);
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  }
  export = S3rver;
}
