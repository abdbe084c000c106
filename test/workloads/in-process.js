// The in-process API: start, work, stop, write the pprof bytes where argv[2] says.
const fs = require('node:fs');
const { startSampling } = require(process.env.CAUSALPROF_MODULE);

function hot() {
  let a = 0;
  for (let i = 0; i < 5e7; i++) a += Math.sqrt(i); // HOT
  return a;
}

const session = startSampling({ intervalUs: Number(process.env.INTERVAL_US || 1000) });
hot();
session.stop().then((bytes) => {
  fs.writeFileSync(process.argv[2], bytes);
  console.log(session.status.timer);
});
