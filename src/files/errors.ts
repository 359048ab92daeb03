/** Errors the command line reports as a French message and exit status 2 (never a stack trace). */

/**
 * A file that cannot be read or written, or an argument that cannot be used. `detail` keeps the
 * underlying cause (e.g. the zip or XML library's own words), printed under the message.
 */
export class InputFileError extends Error {
  readonly detail?: string;
  constructor(message: string, detail?: unknown) {
    super(message);
    this.name = "InputFileError";
    if (detail !== undefined && detail !== null && detail !== "") this.detail = detail instanceof Error ? detail.message : String(detail);
  }
}
