import { spawnSync } from 'node:child_process';

/** Where Debian's `epubcheck` package puts the checker (its /usr/bin/epubcheck runs only where binfmt knows jars). */
const EPUBCHECK_JAR = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';

export interface EpubCheckReport {
  version: string;
  counts: { fatal: number; errors: number; warnings: number; usage: number };
  /** Every finding that is not plain information, as "SEVERITY ID: message (where)". */
  findings: string[];
}

interface EpubCheckJson {
  checker: { checkerVersion: string; nFatal: number; nError: number; nWarning: number; nUsage: number };
  messages: { ID: string; severity: string; message: string; locations: { path: string; line: number; column: number }[] }[];
}

/** EPUBCheck, the W3C's conformance checker for EPUB, on `file`: its JSON report, read. */
export function epubcheck(file: string): EpubCheckReport {
  // A short-lived JVM: the quick compiler alone and the simplest collector start it in about half the time.
  const run = spawnSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', EPUBCHECK_JAR, file, '--json', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`EPUBCheck did not run (apt-get install epubcheck): ${run.error.message}`);
  const start = run.stdout.indexOf('{');
  if (start === -1) throw new Error(`EPUBCheck wrote no report: ${run.stderr}`);
  const report = JSON.parse(run.stdout.slice(start)) as EpubCheckJson;
  return {
    version: report.checker.checkerVersion,
    counts: { fatal: report.checker.nFatal, errors: report.checker.nError, warnings: report.checker.nWarning, usage: report.checker.nUsage },
    findings: report.messages
      .filter((message) => message.severity !== 'INFO')
      .map((message) => `${message.severity} ${message.ID}: ${message.message} (${message.locations.map((where) => `${where.path}:${where.line}`).join(', ')})`),
  };
}
