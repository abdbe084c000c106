// The seed experiment, for Node: what the Go study did for Go's HTTP/2 server. An HTTP/2 TLS
// server (server.js) answers every request with the same large gzipped page, under h2load
// (one connection, 10 streams, a browser's headers), in two variants: `inline` (render and
// compress on the main thread) and `pool` (in worker threads). For each:
//   1. the conventional profile (`causalprof sample`, samples by leaf site),
//   2. the causal profile (`causalprof run --http-latency --scope 'node:*' --scope native`),
//   side by side; the site the causal profile ranks high and the conventional one low;
//   3. a real change at that site (server.js FIX=...), and h2load's latency and throughput
//      before and after, in alternating rounds, beside what the causal profile predicted.
// All of it with h2load free to run on either core, and again with the server pinned to one
// core and h2load to the other (taskset): on two cores the client competes with the server.
//
//   npm run bench:seed [-- --seconds 60 --variants inline,pool --rounds 5]
//
// Needs h2load (`apt-get install nghttp2-client`) and openssl. Writes bench/results/seed/
// and the "Seed experiment" section of bench/README.md.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Profile } = require('pprof-format');
const { gunzipSync } = require('node:zlib');
const { h2loadCommand, parseH2load, available } = require('./h2load');
const { writeSection, table } = require('../lib/readme');
const { median } = require('../lib/stats');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const SERVER = path.join(__dirname, 'server.js');
const OUT = path.join(__dirname, '..', 'results', 'seed');

function args() {
  const argv = process.argv.slice(2);
  const value = (flag, fallback) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  return {
    seconds: Number(value('--seconds', 60)),
    rounds: Number(value('--rounds', 5)),
    variants: value('--variants', 'inline,pool').split(','),
    pins: value('--pins', 'free,pinned').split(','),
  };
}

function makeCert() {
  const key = path.join(OUT, 'key.pem');
  const cert = path.join(OUT, 'cert.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl could not make a certificate: ${r.stderr}`);
  return { KEY: key, CERT: cert };
}

/** taskset prefixes: the server on CPU 0 and h2load on CPU 1, or neither. */
function pinning(pin) {
  return pin === 'pinned'
    ? { server: ['taskset', '-c', '0'], client: '1' }
    : { server: [], client: undefined };
}

/** The server without the profiler under h2load for `seconds`: what h2load measured. */
async function plain(env, pin, seconds) {
  const p = pinning(pin);
  const command = [...p.server, process.execPath, SERVER];
  const server = spawn(command[0], command.slice(1), {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let text = '';
    server.stdout.on('data', (d) => {
      text += d;
      const m = /on https:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const r = spawnSync('/bin/sh', ['-c', h2loadCommand(seconds, p.client).replace('{port}', port)], {
    encoding: 'utf8',
  });
  server.kill('SIGINT');
  await new Promise((resolve) => server.on('exit', resolve));
  const m = parseH2load(r.stdout);
  if (!m || m.failed > 0) throw new Error(`h2load: ${r.stdout}${r.stderr}`);
  return m;
}

/** `causalprof <args> --load h2load -- [taskset] node server.js`, from the results directory. */
function profiled(cliArgs, env, pin, seconds) {
  const p = pinning(pin);
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      ...cliArgs,
      '--load',
      h2loadCommand(seconds, p.client),
      '--',
      ...p.server,
      process.execPath,
      SERVER,
    ],
    { env: { ...process.env, ...env, PORT: '0' }, encoding: 'utf8', cwd: OUT },
  );
  if (r.status !== 0) throw new Error(`causalprof ${cliArgs[0]} failed (${r.status}): ${r.stderr}`);
  return { h2load: parseH2load(r.stdout), stderr: r.stderr };
}

/**
 * Each leaf site's share of a pprof's samples: a JS line as "<file>:<line>", a native function
 * as "<function> (<object>)", as the causal report names sites when everything is in scope.
 */
function leafShares(file) {
  const profile = Profile.decode(gunzipSync(fs.readFileSync(file)));
  const s = profile.stringTable.strings;
  const fns = new Map(profile.function.map((f) => [Number(f.id), f]));
  const locs = new Map(profile.location.map((l) => [Number(l.id), l]));
  const counts = new Map();
  let total = 0;
  for (const sample of profile.sample) {
    const loc = locs.get(Number(sample.locationId[0]));
    const line = loc?.line[0];
    const fn = fns.get(Number(line?.functionId));
    const name = s[Number(fn?.name)] ?? '?';
    const fileName = s[Number(fn?.filename)] ?? '';
    const lineNo = Number(line?.line ?? 0);
    const native = lineNo === 0 && fileName.startsWith('/') && !/\.[cm]?[jt]s$/.test(fileName);
    const site =
      fileName === ''
        ? name
        : native
          ? `${name} (${path.basename(fileName)})`
          : `${fileName}:${lineNo}`;
    const n = Number(sample.value[0]);
    counts.set(site, (counts.get(site) ?? 0) + n);
    total += n;
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / total]));
}

/** Each leaf site's samples (not shares) in a pprof. */
function leafCounts(file) {
  const profile = Profile.decode(gunzipSync(fs.readFileSync(file)));
  const total = profile.sample.reduce((sum, x) => sum + Number(x.value[0]), 0);
  return new Map([...leafShares(file)].map(([k, v]) => [k, v * total]));
}

function report(file) {
  const r = spawnSync(process.execPath, [CLI, 'report', file, '--format', 'json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`report failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const f2 = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));
const short = (site) => site.replace(`${ROOT}/`, '');

/** The causal and the conventional profile of one variant, side by side. */
async function profileVariant(variant, pin, env, seconds) {
  const tag = `${variant}-${pin}`;
  fs.rmSync(path.join(OUT, `${tag}.coz`), { force: true });
  const sampled = profiled(
    ['sample', '-o', `${tag}.pb.gz`],
    { ...env, VARIANT: variant },
    pin,
    Math.round(seconds / 2),
  );
  const run = profiled(
    ['run', '--http-latency', '--scope', 'node:*', '--scope', 'native', '-o', `${tag}.coz`],
    { ...env, VARIANT: variant },
    pin,
    seconds,
  );
  const shares = leafShares(path.join(OUT, `${tag}.pb.gz`));
  const rank = new Map([...shares.keys()].map((k, i) => [k, i + 1]));
  const causal = report(path.join(OUT, `${tag}.coz`));
  const http = causal.sites.filter((s) => s.progressPoint === 'http');
  const trusted = http.filter((s) => s.trusted);
  // High causally, low conventionally: among the causal top 5 with an effect clearly above
  // zero, the first outside the conventional top 10.
  const standout = trusted
    .slice(0, 5)
    .find((s) => s.slopeLow !== null && s.slopeLow > 0.05 && (rank.get(s.site) ?? Infinity) > 10);
  return {
    tag,
    variant,
    pin,
    shares,
    rank,
    causal,
    http,
    trusted,
    standout,
    sampled: sampled.h2load,
    runLoad: run.h2load,
  };
}

/**
 * The change (gzip level 1 for zlib's default 6), for real and as the profiles predict it.
 * Real: h2load's mean time per request and throughput, in alternating rounds of each. As
 * predicted: the share of each site's time per request the change removed (s, from sample
 * profiles before and after: samples per request), times the site's causal slope, summed over
 * the sites it changed (a first-order sum, as a linear model of small speedups would), beside
 * the same with the conventional share in place of the slope.
 */
async function measureChange(p, env, pin, seconds, rounds) {
  const before = [];
  const after = [];
  for (let i = 0; i < rounds; i++) {
    before.push(await plain({ ...env, VARIANT: p.variant }, pin, 10));
    after.push(await plain({ ...env, VARIANT: p.variant, GZIP_LEVEL: '1' }, pin, 10));
  }
  const w0 = median(before.map((r) => r.meanMs));
  const w1 = median(after.map((r) => r.meanMs));
  const r0 = median(before.map((r) => r.reqPerSec));
  const r1 = median(after.map((r) => r.reqPerSec));
  const afterTag = `${p.tag}-level1`;
  const sampledAfter = profiled(
    ['sample', '-o', `${afterTag}.pb.gz`],
    { ...env, VARIANT: p.variant, GZIP_LEVEL: '1' },
    pin,
    Math.round(seconds / 2),
  );
  const b = leafCounts(path.join(OUT, `${p.tag}.pb.gz`));
  const a = leafCounts(path.join(OUT, `${afterTag}.pb.gz`));
  const rows = [];
  let causal = 0;
  let conventional = 0;
  for (const site of p.http) {
    const share = p.shares.get(site.site) ?? 0;
    if (share < 0.01 || site.slope === null) continue;
    const was = (b.get(site.site) ?? 0) / p.sampled.succeeded;
    const now = (a.get(site.site) ?? 0) / sampledAfter.h2load.succeeded;
    const removed = Math.max(-1, Math.min(1, 1 - now / was));
    if (Math.abs(removed) < 0.1) continue;
    causal += site.slope * removed;
    conventional += share * removed;
    rows.push([
      `\`${short(site.site)}\``,
      pct(share),
      pct(removed),
      `${f2(site.slope)} [${f2(site.slopeLow)}, ${f2(site.slopeHigh)}]`,
      pct(site.slope * removed),
      pct(share * removed),
    ]);
  }
  // Functions the change brought in (level 1's deflate_fast), which no profile before it could
  // measure: counted at their cost, as a share of the time per request before, in both sums.
  const totalBefore = [...b.values()].reduce((x, y) => x + y, 0) / p.sampled.succeeded;
  for (const [site, n] of a) {
    const now = n / sampledAfter.h2load.succeeded;
    if ((b.get(site) ?? 0) > 0 || now / totalBefore < 0.01) continue;
    const added = now / totalBefore;
    causal -= added;
    conventional -= added;
    rows.push([
      `\`${short(site)}\` (new)`,
      '–',
      `+${pct(added)} of the time`,
      '–',
      pct(-added),
      pct(-added),
    ]);
  }
  return {
    realLatency: 1 - w1 / w0,
    realThroughput: 1 - r0 / r1,
    w0,
    w1,
    r0,
    r1,
    causal,
    conventional,
    rows,
  };
}

function changeText(p, c) {
  return [
    `The change, gzip level 1 in place of 6 (\`GZIP_LEVEL=1\`), ${p.variant}, ${p.pin === 'pinned' ? 'pinned' : 'no pinning'}: mean time per request ${c.w0.toFixed(2)} ms -> ${c.w1.toFixed(2)} ms, **${pct(c.realLatency)} less** (throughput ${c.r0.toFixed(0)} -> ${c.r1.toFixed(0)} req/s); the causal profile predicted **${pct(c.causal)}**, the conventional one ${pct(c.conventional)}.`,
    '',
    table(
      [
        'site',
        'share of samples',
        'share of its time removed (s)',
        'causal slope [95%]',
        'causal: slope x s',
        'conventional: share x s',
      ],
      c.rows,
    ),
  ].join('\n');
}

function sideBySide(p) {
  const rows = p.trusted
    .slice(0, 8)
    .map((s, i) => [
      String(i + 1),
      `\`${short(s.site)}\``,
      `${f2(s.slope)} [${f2(s.slopeLow)}, ${f2(s.slopeHigh)}]`,
      pct(p.shares.get(s.site)),
      String(p.rank.get(s.site) ?? '–'),
    ]);
  const conventional = [...p.shares]
    .slice(0, 8)
    .map(([site, share], i) => [String(i + 1), `\`${short(site)}\``, pct(share)]);
  return [
    `**${p.variant}, ${p.pin === 'pinned' ? 'server on CPU 0, h2load on CPU 1' : 'no pinning'}** (${p.causal.experiments} experiments; ${p.causal.settled.reason}):`,
    '',
    table(['causal rank', 'site', 'slope [95%]', 'conventional share', 'conventional rank'], rows),
    '',
    table(['conventional rank', 'leaf site', 'share of samples'], conventional),
    '',
    p.standout
      ? `Ranked high causally and low conventionally: \`${short(p.standout.site)}\` (causal rank ${p.trusted.indexOf(p.standout) + 1}, conventional rank ${p.rank.get(p.standout.site) ?? 'none'}).`
      : 'No site the causal profile ranks in its top 5 is outside the conventional top 10: a null result for this variant.',
  ].join('\n');
}

async function main() {
  const a = args();
  if (!available()) {
    console.error(
      'bench:seed needs h2load: apt-get install nghttp2-client (Debian), then run again',
    );
    process.exit(1);
  }
  fs.mkdirSync(OUT, { recursive: true });
  const cert = makeCert();
  const sections = [];
  const results = [];
  for (const pin of a.pins) {
    for (const variant of a.variants) {
      process.stderr.write(`seed: profiling ${variant}, ${pin}\n`);
      const p = await profileVariant(variant, pin, cert, a.seconds);
      process.stderr.write(`seed: measuring the change, ${variant}, ${pin}\n`);
      const change = await measureChange(p, cert, pin, a.seconds, a.rounds);
      results.push({
        tag: p.tag,
        causal: p.causal,
        shares: Object.fromEntries(p.shares),
        standout: p.standout?.site ?? null,
        change,
      });
      sections.push(sideBySide(p), changeText(p, change));
    }
  }
  fs.writeFileSync(path.join(OUT, 'seed.json'), JSON.stringify(results, null, 2));
  const plainRuns = results.map((r) => {
    const [variant, pin] = r.tag.split('-');
    const c = r.change;
    return [
      variant,
      pin,
      `${c.r0.toFixed(0)} req/s`,
      `${c.w0.toFixed(2)} ms`,
      `${c.r1.toFixed(0)} req/s`,
      `${c.w1.toFixed(2)} ms`,
    ];
  });
  // How the prediction of the change compares with the change, with h2load free to share the
  // server's cores and with each pinned to its own.
  const ratios = (pin) =>
    results
      .filter((r) => r.tag.endsWith(`-${pin}`))
      .map((r) => `${r.tag.split('-')[0]} ${(r.change.causal / r.change.realLatency).toFixed(2)}`)
      .join(', ');
  const summary = a.pins
    .map((pin) => `${pin === 'pinned' ? 'pinned' : 'free'}: ${ratios(pin)}`)
    .join('; ');
  const body = [
    `The server under h2load without the profiler (medians of ${a.rounds} alternating rounds of 10 s, gzip level 6 and 1):`,
    '',
    table(
      [
        'variant',
        'pinning',
        'throughput',
        'mean time per request',
        'level 1: throughput',
        'time per request',
      ],
      plainRuns,
    ),
    '',
    `Causal prediction of the change over the real change in latency (1.00 is exact): ${summary}.`,
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  writeSection(
    'seed',
    "Seed experiment: Node's HTTP/2 server",
    `npm run bench:seed -- ${process.argv.slice(2).join(' ')}`.trim(),
    body,
  );
}

main().catch((err) => {
  console.error(`bench:seed: ${err.message}`);
  process.exit(1);
});
