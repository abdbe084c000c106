/** A report cannot be built as asked (e.g. an unknown progress point); one printable line. */
export class ReportError extends Error {
  override name = 'ReportError';
}
