/** Writing a file another process may be reading at the same moment. */
import * as fs from "node:fs";

/**
 * Writes `data` to `file` through a temporary file beside it and a rename: a concurrent reader sees the old file or
 * the new one, never half of it.
 */
export function writeFileAtomic(file: string, data: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
}
