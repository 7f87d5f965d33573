// The baseline server in its own process (pinned like the app): prints its port, and exits when its
// parent closes stdin, so it never outlives the bench.
import type { AddressInfo } from 'node:net';
import { bareApp } from './bare';

const server = bareApp().listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
const stop = () => (server.closeAllConnections(), server.close(() => process.exit(0)));
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
