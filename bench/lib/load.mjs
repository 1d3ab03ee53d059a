/**
 * Runs `count` requests made by `make(i)` with `concurrency` in flight; returns the wall time
 * and each request's duration.
 * @param {number} count @param {number} concurrency @param {(i: number) => Promise<Response>} make
 */
export async function load(count, concurrency, make) {
  /** @type {number[]} */
  const durations = [];
  /** @type {Response[]} */
  const responses = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      const res = await make(i);
      await res.arrayBuffer();
      durations.push(performance.now() - t0);
      responses.push(res);
      if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - start) / 1000, durations, responses };
}
