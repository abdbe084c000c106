// Requests arrive for 3 s before the first one ends (begin() without end(): a server's first
// responses are slow), then each ends soon after it begins, for another 2 s.
const { begin, end } = require('causalprof');

function spin(ms) {
  let a = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) for (let i = 0; i < 1e4; i++) a += Math.sqrt(i);
  return a;
}

let open = 0;
const slowUntil = Date.now() + 3000;
while (Date.now() < slowUntil) {
  begin('req');
  open++;
  spin(2);
}
while (open-- > 0) end('req');
const until = Date.now() + 2000;
while (Date.now() < until) {
  begin('req');
  spin(2);
  end('req');
}
