import { readFileSync } from 'node:fs';
import { decodeRecord } from './decode';
import { LineError, ProfileFormatError, ProfileReadError } from './errors';
import { jsonLineFields } from './json-line';
import { isPointRecord, type Profile, type ProfileRecord } from './records';
import { tabLineFields } from './tab-line';

/** Where a new run's startup record begins, in either format. */
const STARTUP_MARKERS = ['{"type":"startup"', 'startup\ttime='];

type ParsedLine = { record: ProfileRecord } | { unknownType: string };

function parseLine(text: string): ParsedLine {
  const fields = text.startsWith('{') ? jsonLineFields(text) : tabLineFields(text);
  const record = decodeRecord(fields);
  return record === undefined ? { unknownType: fields.type } : { record };
}

/**
 * A crash leaves a partial last line; the next run then appends its startup record to it.
 * Returns where that startup record begins within a damaged line, if it does.
 */
function startupAfterDamage(text: string): number | undefined {
  for (const marker of STARTUP_MARKERS) {
    const at = text.lastIndexOf(marker);
    if (at > 0) return at;
  }
  return undefined;
}

/** Tracks the experiment that progress-point lines belong to. */
class ExperimentScope {
  private open = false;
  private readonly names = new Set<string>();

  accept(record: ProfileRecord): string | undefined {
    if (record.type === 'experiment') {
      this.open = true;
      this.names.clear();
      return undefined;
    }
    if (!isPointRecord(record)) {
      // Coz writes an experiment's points right after it; anything else closes it.
      this.open = false;
      return undefined;
    }
    if (!this.open) return `${record.type} line "${record.name}" has no experiment before it`;
    if (this.names.has(record.name)) {
      return `progress point "${record.name}" appears twice after one experiment`;
    }
    this.names.add(record.name);
    return undefined;
  }
}

/**
 * Parses a profile's text: JSON Lines (ours and Coz's) or Coz's older tab-separated format,
 * even mixed. Empty lines are ignored. Damage throws ProfileFormatError naming the file and
 * line, with two exceptions, both the marks of a crash mid-write rather than of a bad file,
 * which are skipped with a warning instead:
 * - the last line is damaged and has no final newline (the write was cut off);
 * - a damaged line runs into a startup record (a cut-off line, then the next run appended).
 * Records of unknown type are skipped with one warning per type, so newer writers can add some.
 */
export function parseProfile(text: string, source: string): Profile {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let last = lines.length - 1;
  while (last >= 0 && (lines[last] ?? '').trim() === '') last--;
  // A newline after the last record means its write completed.
  const endsCleanly = last < lines.length - 1;

  const records: ProfileRecord[] = [];
  const warnings: string[] = [];
  const unknown = new Map<string, { line: number; count: number }>();
  const scope = new ExperimentScope();

  const take = (parsed: ParsedLine, lineNumber: number): void => {
    if ('unknownType' in parsed) {
      const seen = unknown.get(parsed.unknownType);
      if (seen) seen.count++;
      else unknown.set(parsed.unknownType, { line: lineNumber, count: 1 });
      return;
    }
    const problem = scope.accept(parsed.record);
    if (problem !== undefined) throw new ProfileFormatError(source, lineNumber, problem);
    records.push(parsed.record);
  };

  for (let index = 0; index <= last; index++) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    const lineNumber = index + 1;
    if (line.trim() === '') continue;
    let parsed: ParsedLine;
    try {
      parsed = parseLine(line);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      if (index === last && !endsCleanly) {
        warnings.push(
          `${source}:${lineNumber}: last line is incomplete (${error.message}); skipped it, ` +
            'as the profile was cut off mid-write',
        );
        break;
      }
      const startup = startupAfterDamage(line);
      const recovered = startup === undefined ? undefined : tryParse(line.slice(startup));
      if (recovered === undefined) throw new ProfileFormatError(source, lineNumber, error.message);
      warnings.push(
        `${source}:${lineNumber}: a record cut off mid-write runs into the next run's startup; ` +
          'skipped the cut-off part',
      );
      parsed = recovered;
    }
    take(parsed, lineNumber);
  }

  for (const [type, { line, count }] of unknown) {
    const times = count === 1 ? '1 line' : `${count} lines`;
    warnings.push(`${source}:${line}: unknown record type "${type}" (${times}); skipped`);
  }
  return { source, records, warnings };
}

function tryParse(text: string): ParsedLine | undefined {
  try {
    return parseLine(text);
  } catch (error) {
    if (error instanceof LineError) return undefined;
    throw error;
  }
}

/** Reads and parses one profile file; the path as given is used in messages. */
export function readProfile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ProfileReadError(path, reason);
  }
  return parseProfile(text, path);
}
