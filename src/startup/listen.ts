import type { Server } from 'node:http';
import { ConfigError } from '../config';
import { causeOf, errorCode } from './causes';

// Errors that are the address's fault rather than the port's.
const ADDRESS_ERRORS = new Set(['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAFNOSUPPORT']);

/**
 * Resolves once the server really listens; a listen error (port taken, no permission, an address
 * not on this machine) rejects with a ConfigError naming PORT or BIND_ADDRESS and the cause.
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      const name = ADDRESS_ERRORS.has(errorCode(err) ?? '') ? 'BIND_ADDRESS' : 'PORT';
      const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      const hint = errorCode(err) === 'EACCES' && port < 1024 ? '; ports below 1024 need extra privileges' : '';
      reject(new ConfigError(`${name}: cannot listen on ${where} (${causeOf(err)}${hint})`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
