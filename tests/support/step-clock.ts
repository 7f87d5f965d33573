import { PERIOD } from '../../src/auth/totp';

let installed = false;

/**
 * A code made for "this step" must still be of this step when the server checks it, on a busy
 * machine too. Within `margin` seconds of a step's end the clock moves on to the next step's start,
 * as a sleep until then would, but at once. The app runs in this process and reads the same clock,
 * so its TOTP check (src/auth/totp.ts) is the real one; only Date is faked, and it keeps moving with
 * real time, so timers, performance.now and the database's own waits stay real.
 */
export function awayFromStepEdge(margin = 8): void {
  if (!installed) {
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    installed = true;
  }
  const into = (Date.now() / 1000) % PERIOD;
  if (into > PERIOD - margin) jest.setSystemTime(Date.now() + (PERIOD - into) * 1000 + 200);
}
