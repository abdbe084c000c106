// Burns CPU for a while and never reaches a progress point.
let a = 0;
const end = Date.now() + Number(process.env.RUN_MS || 800);
while (Date.now() < end) for (let i = 0; i < 1e5; i++) a += Math.sqrt(i); // HOT
globalThis.sink = a;
