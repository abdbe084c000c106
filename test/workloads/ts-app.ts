// A TypeScript program: compiled by the test with a source map, sampled as JavaScript,
// reported at these lines.
interface Job {
  size: number;
}

function crunch(job: Job): number {
  let total = 0;
  for (let i = 0; i < job.size; i++) total += Math.sqrt(i) * 1.5; // TS-HOT
  return total;
}

const jobs: Job[] = Array.from({ length: 40 }, () => ({ size: 1_000_000 }));
let sum = 0;
for (const job of jobs) sum += crunch(job);
if (sum < 0) console.log(sum);
