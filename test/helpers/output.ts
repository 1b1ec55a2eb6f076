// Runs code in-process with its stdout and stderr captured, as a task's reader would see them in a terminal.

/** What a run wrote on each stream, and the error it ended with (undefined when it succeeded). */
export interface Captured<T> {
  stdout: string;
  stderr: string;
  result?: T;
  error?: Error;
}

/** Runs `fn` with process.stdout and process.stderr captured (console.log writes through them) and restored after. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<Captured<T>> {
  const out: string[] = [];
  const err: string[] = [];
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(chunk.toString()) > 0) as typeof stdout;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(chunk.toString()) > 0) as typeof stderr;
  try {
    const result = await fn();
    return { stdout: out.join(""), stderr: err.join(""), result };
  } catch (error) {
    return { stdout: out.join(""), stderr: err.join(""), error: error as Error };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

/** Output as lines, without the newline that ends the last one. */
export function outputLines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}
