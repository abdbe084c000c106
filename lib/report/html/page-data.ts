/**
 * What the HTML report carries for its page to read (page/report/): the JSON report's model
 * and the source around each site. Types only, shared by the writer and the page's code.
 */
import type { ReportJson } from '../json';

export type SourceExcerpt =
  | {
      /** The file read, as found. */
      file: string;
      line: number;
      /** The number of the first line in `lines`. */
      first: number;
      lines: string[];
    }
  | {
      /** Why there is no excerpt, one phrase. */
      missing: string;
    };

export interface ReportPageData {
  report: ReportJson;
  /** By site name. */
  sources: Record<string, SourceExcerpt>;
  /** When the page was made, ISO 8601. */
  generated: string;
}
