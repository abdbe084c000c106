// Turns V8's script names and generated lines into what a user reads: file paths (not
// file: URLs) and, where the running code has a source map, the original file and line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GREATEST_LOWER_BOUND,
  LEAST_UPPER_BOUND,
  originalPositionFor,
  TraceMap,
} from '@jridgewell/trace-mapping';

export interface SourcePosition {
  file: string;
  line: number;
}

/** A script name as V8 reports it, as a path where it is a file. */
export function scriptPath(scriptName: string): string {
  if (scriptName.startsWith('file://')) {
    try {
      return fileURLToPath(scriptName);
    } catch {
      return scriptName;
    }
  }
  return scriptName;
}

const SOURCE_MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/m;

function loadSourceMap(file: string): TraceMap | undefined {
  let code: string;
  try {
    code = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // The last sourceMappingURL comment wins, as in browsers.
  const matches = code.match(new RegExp(SOURCE_MAPPING_URL, 'gm'));
  const last = matches?.[matches.length - 1]?.match(SOURCE_MAPPING_URL)?.[1];
  if (last === undefined) return undefined;
  try {
    let json: string;
    let mapUrl: string;
    if (last.startsWith('data:')) {
      const comma = last.indexOf(',');
      const payload = last.slice(comma + 1);
      json = last.slice(0, comma).endsWith(';base64')
        ? Buffer.from(payload, 'base64').toString('utf8')
        : decodeURIComponent(payload);
      mapUrl = file;
    } else {
      mapUrl = path.resolve(path.dirname(file), decodeURIComponent(last));
      json = fs.readFileSync(mapUrl, 'utf8');
    }
    return new TraceMap(json, mapUrl);
  } catch {
    return undefined; // a broken map leaves the generated position in place
  }
}

/** Resolves (script, line) pairs, caching one source map per script. */
export class SourceLocations {
  private readonly maps = new Map<string, TraceMap | undefined>();

  resolve(scriptName: string, line: number): SourcePosition {
    const file = scriptPath(scriptName);
    if (line <= 0 || !path.isAbsolute(file)) return { file, line };
    let map = this.maps.get(file);
    if (!this.maps.has(file)) {
      map = loadSourceMap(file);
      this.maps.set(file, map);
    }
    if (map === undefined) return { file, line };
    // Samples carry a line, not a column: take the first mapped segment on that line.
    let pos = originalPositionFor(map, { line, column: 0, bias: LEAST_UPPER_BOUND });
    if (pos.source === null || pos.line === null) {
      pos = originalPositionFor(map, { line, column: 0, bias: GREATEST_LOWER_BOUND });
    }
    if (pos.source === null || pos.line === null) return { file, line };
    return {
      file: pos.source.startsWith('file://') ? scriptPath(pos.source) : pos.source,
      line: pos.line,
    };
  }
}
