// Burns CPU until a signal arrives; tells the parent on stdout when it is running.
globalThis.sink = 0;
let a = 0;
setInterval(() => {
  for (let i = 0; i < 2e6; i++) a += Math.sqrt(i); // HOT
  globalThis.sink = a;
}, 1);
setTimeout(() => process.stdout.write('ready\n'), 200);
