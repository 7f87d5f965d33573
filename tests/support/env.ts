// Loaded before every test file (jest.config.js, setupFiles). The suite hashes hundreds of
// passwords; at OWASP's cost (src/config.ts) that was a large share of its CPU time. Commands the
// tests spawn inherit these too. tests/unit/password.test.ts checks the production cost itself.
process.env.PASSWORD_HASH_MEMORY_KIB ??= '64';
process.env.PASSWORD_HASH_PASSES ??= '1';
