// A closed-loop HTTP client on loopback, for the tests of servers under load.

export interface LoadResult {
  sent: number;
  ok: number;
  /** The first few wrong answers or errors, as text. */
  failures: string[];
  failureCount: number;
  ms: number;
}

/**
 * A closed-loop HTTP client on loopback: `concurrency` loops over one keep-alive agent, each
 * sending its next GET as soon as the previous answer arrived, `total` requests in all.
 * `check(i, status, body)` returns null if the answer to request i is right, else why not.
 */
export async function httpLoad(
  port: number,
  options: {
    total: number;
    concurrency: number;
    pathFor: (i: number) => string;
    check: (i: number, status: number | undefined, body: string) => string | null;
  },
): Promise<LoadResult> {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const get = (p: string) =>
    new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const started = Date.now();
  const result: LoadResult = { sent: 0, ok: 0, failures: [], failureCount: 0, ms: 0 };
  const fail = (why: string) => {
    result.failureCount++;
    if (result.failures.length < 5) result.failures.push(why);
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (result.sent < options.total) {
        const i = result.sent++;
        try {
          const { status, body } = await get(options.pathFor(i));
          const why = options.check(i, status, body);
          if (why === null) result.ok++;
          else fail(why);
        } catch (err) {
          fail(`request ${i}: ${(err as Error).message}`);
        }
      }
    }),
  );
  result.ms = Date.now() - started;
  try {
    await get('/quit');
  } finally {
    agent.destroy();
  }
  return result;
}
