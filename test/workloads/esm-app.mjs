// An ES module program, profiled through `node --import causalprof/agent`.
export function hot() {
  let a = 0;
  for (let i = 0; i < 4e7; i++) a += Math.sqrt(i); // HOT
  return a;
}
hot();
