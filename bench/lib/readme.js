// Benchmarks write their own results into bench/README.md, each between its markers
// (<!-- name:begin --> ... <!-- name:end -->), with the command, date and machine: a figure
// in the README is always the output of the run named beside it.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const README = path.join(__dirname, '..', 'README.md');

function machineLine() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), Linux ${os.release()}, Node ${process.version}`;
}

/** Replaces (or appends) the section `name` of bench/README.md with `body`. */
function writeSection(name, title, command, body) {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const stamp = `Written by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machineLine()}.`;
  const section = `${begin}\n## ${title}\n\n${stamp}\n\n${body.trim()}\n${end}`;
  const text = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  const next =
    a >= 0 && b > a
      ? text.slice(0, a) + section + text.slice(b + end.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(README, next);
  // The linter checks markdown too: leave the file as the formatter would (aligned tables).
  const biome = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'biome');
  execFileSync(biome, ['format', '--write', README], { stdio: 'ignore' });
}

/** A markdown table from a header and rows of cells. */
function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

module.exports = { writeSection, table, machineLine };
