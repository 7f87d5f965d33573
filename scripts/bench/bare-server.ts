// The baseline server in its own process, so a backlog in the app never slows it: prints its port.
import type { AddressInfo } from 'node:net';
import { bareApp } from './bare';

const server = bareApp().listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => server.close(() => process.exit(0)));
