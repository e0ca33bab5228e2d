// A page's network as the benchmarks watch it from outside: what is in flight, and whether it
// has gone quiet.
/** Tracks `page`'s requests from now on. `settle(quiet, limit)` waits until none has been in
 * flight or started for `quiet` ms, counted from the call at the earliest (at most `limit`). */
export function watchNetwork(page) {
  const pending = new Set();
  let last = 0;
  page.on('request', (r) => { pending.add(r); last = Date.now(); });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  return {
    async settle(quiet = 700, limit = 15000) {
      const start = Date.now();
      while (Date.now() - start < limit && (pending.size > 0 || Date.now() - Math.max(last, start) < quiet)) {
        await page.waitForTimeout(100);
      }
    },
  };
}
