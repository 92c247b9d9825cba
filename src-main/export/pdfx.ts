import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PDF/X for the print services that require it (IngramSpark: PDF/X-1a:2001 or PDF/X-3:2002, CMYK,
 * at most 240% ink), made from a finished RGB export by Ghostscript's pdfwrite. Ghostscript is not
 * part of StorySprout (it is AGPL and large): the family's own copy is used when there is one, and
 * without it these services are "not supported here".
 */

export const PDFX_STANDARD = 'PDF/X-1a:2001';

/** The most ink (C+M+Y+K, per cent) any spot of a file made here carries; checked on every file. */
export const PDFX_TOTAL_INK_LIMIT = 240;

/** The press profile in the resources folder (`resources/icc/README.md` says how it was made) and the printing condition it describes. */
export const PRESS_PROFILE = {
  file: 'StorySprout-SWOP-TR003-236.icc',
  outputConditionIdentifier: 'CGATS TR 003',
  outputCondition: 'SWOP Grade 3 coated (CGATS TR 003), separated for at most 236% total ink',
} as const;

/** The oldest Ghostscript this was tested with; older ones are refused rather than trusted. */
const OLDEST_VERSION = [10, 0] as const;

/** How long a whole conversion may take: a 40-page book takes about a minute on a slow laptop. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Asking a program its version should be instant; one that hangs is not a usable Ghostscript. */
const VERSION_TIMEOUT_MS = 10_000;

/**
 * Resolution of the ink check. Sampling the pages this coarsely still sees every flat colour and
 * the colours of every picture, which is what goes wrong when Ghostscript separates with another
 * profile than ours.
 */
const INK_CHECK_DPI = 50;

export type PdfxTool =
  | { available: true; command: string; version: string; standard: typeof PDFX_STANDARD; totalInkLimit: number }
  | { available: false; reason: string };

export type AvailablePdfxTool = Extract<PdfxTool, { available: true }>;

export interface PdfxResult {
  standard: typeof PDFX_STANDARD;
  outputConditionIdentifier: string;
  /** The most ink found on any spot of the file, per cent. */
  measuredTotalInk: number;
  bytes: number;
}

/**
 * Finds Ghostscript: the program STORYSPROUT_GHOSTSCRIPT names, or else `gs` (`gswin64c` on
 * Windows) on the PATH or where its installers put it. The reason, when there is none, completes
 * "…; <reason>, so StorySprout cannot make that file".
 */
export async function findPdfxTool(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<PdfxTool> {
  const chosen = env.STORYSPROUT_GHOSTSCRIPT;
  const candidates = chosen ? [chosen] : ghostscriptCandidates(env, platform);
  for (const command of candidates) {
    const version = await runGhostscript(command, ['--version'], { task: 'say its version', env, timeoutMs: VERSION_TIMEOUT_MS }).then(
      (output) => output.trim().match(/^\d+\.\d+(\.\d+)?/)?.[0] ?? '',
      () => '',
    );
    if (!version) {
      if (chosen) return { available: false, reason: `the Ghostscript that STORYSPROUT_GHOSTSCRIPT names (${chosen}) could not be run` };
      continue;
    }
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < OLDEST_VERSION[0] || (major === OLDEST_VERSION[0] && minor < OLDEST_VERSION[1])) {
      return { available: false, reason: `Ghostscript ${version} on this computer is too old to make PDF/X files (${OLDEST_VERSION.join('.')} or later is needed)` };
    }
    return { available: true, command, version, standard: PDFX_STANDARD, totalInkLimit: PDFX_TOTAL_INK_LIMIT };
  }
  return { available: false, reason: 'Ghostscript, which makes PDF/X files, is not installed on this computer' };
}

/** Where each system's Ghostscript usually is: macOS apps and Windows installers do not see or set the shell's PATH. */
function ghostscriptCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['gs', '/opt/homebrew/bin/gs', '/usr/local/bin/gs', '/opt/local/bin/gs'];
  if (platform !== 'win32') return ['gs'];
  const installed = path.join(env.ProgramFiles ?? 'C:\\Program Files', 'gs');
  const versions = fs.existsSync(installed) ? fs.readdirSync(installed).filter((name) => /^gs\d/.test(name)) : [];
  // Newest first: "gs10.05.1" before "gs9.56.1".
  versions.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return ['gswin64c', ...versions.map((name) => path.join(installed, name, 'bin', 'gswin64c.exe'))];
}

/**
 * Converts the finished PDF `input` to PDF/X-1a:2001 at `output`: every colour separated into CMYK
 * with the press profile (`profile`, the path of PRESS_PROFILE.file), that profile embedded as the
 * OutputIntent, PDF 1.3 (so nothing can be see-through), fonts embedded, each page's TrimBox and
 * BleedBox kept. The file is checked for ink before it is put in place; `output` is written only
 * once the file is complete and checked, and nothing is left behind when it is not.
 */
export async function convertToPdfx(job: { input: string; output: string; profile: string; tool: AvailablePdfxTool; timeoutMs?: number }): Promise<PdfxResult> {
  const deadline = Date.now() + (job.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const remaining = () => Math.max(1, deadline - Date.now());
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'storysprout-pdfx-'));
  const partial = `${job.output}.pdfx-partial`;
  try {
    const profiles = await ghostscriptProfilesWithPressProfile(job.tool, job.profile, path.join(work, 'icc'), remaining());
    await runGhostscript(
      job.tool.command,
      [
        ...safeFlags(work),
        `-sICCProfilesDir=${profiles}`,
        '-sDEVICE=pdfwrite',
        // Ghostscript's PDF/X mode: PDF 1.3, fonts embedded, page boxes written; anything see-through flattened.
        '-dPDFX',
        // Stop with an error, rather than write a file that only claims to be PDF/X.
        '-dPDFACompatibilityPolicy=2',
        '-sProcessColorModel=DeviceCMYK',
        '-sColorConversionStrategy=CMYK',
        // Pictures are already 300 DPI for their place on the page: never scaled down, never turned.
        '-dDownsampleColorImages=false',
        '-dDownsampleGrayImages=false',
        '-dAutoRotatePages=/None',
        '-dAutoFilterColorImages=false',
        '-dColorImageFilter=/DCTEncode',
        `-sPressProfileFile=${profiles}default_cmyk.icc`,
        `-sOutputFile=${forGhostscript(partial).replaceAll('%', '%%')}`,
        '-c',
        pdfxPreamble(),
        '-f',
        path.resolve(job.input),
      ],
      { task: `make the ${PDFX_STANDARD} file`, timeoutMs: remaining() },
    );

    const header = Buffer.alloc(8);
    const opened = await fs.promises.open(partial, 'r');
    await opened.read(header, 0, 8, 0).finally(() => opened.close());
    if (header.toString('latin1') !== '%PDF-1.3') throw new Error(`Ghostscript ${job.tool.version} wrote ${header.toString('latin1').trim()}, not the PDF 1.3 that ${PDFX_STANDARD} is.`);

    const measuredTotalInk = await mostInk(job.tool, partial, profiles, work, remaining());
    if (measuredTotalInk > PDFX_TOTAL_INK_LIMIT) {
      throw new Error(
        `Ghostscript ${job.tool.version} made a file with ${measuredTotalInk}% ink on some spots, over the ${PDFX_TOTAL_INK_LIMIT}% limit: it did not separate the colours with StorySprout's press profile.`,
      );
    }
    await fs.promises.rename(partial, job.output);
    return {
      standard: PDFX_STANDARD,
      outputConditionIdentifier: PRESS_PROFILE.outputConditionIdentifier,
      measuredTotalInk,
      bytes: (await fs.promises.stat(job.output)).size,
    };
  } finally {
    await fs.promises.rm(partial, { force: true });
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}

/**
 * A folder of Ghostscript's own default profiles with the press profile as its default CMYK one.
 * pdfwrite separates into the default CMYK profile it finds by name in ICCProfilesDir and ignores
 * OutputICCProfile when converting to CMYK (gdevpdfp.c resets the device profile), so this is the
 * only way to choose the press it separates for. The copy is made by Ghostscript itself, as its
 * profiles may be built into the program (Windows) rather than files.
 */
async function ghostscriptProfilesWithPressProfile(tool: AvailablePdfxTool, profile: string, folder: string, timeoutMs: number): Promise<string> {
  await fs.promises.mkdir(folder);
  const target = forGhostscript(folder) + '/';
  await runGhostscript(
    tool.command,
    [
      ...safeFlags(folder),
      '-dNODISPLAY',
      `--permit-file-write=${target}`,
      `-sProfileCopyDir=${target}`,
      '-c',
      // For every file in ICCProfilesDir: open it and a file of the same name in ProfileCopyDir, copy, close both.
      `/from currentuserparams /ICCProfilesDir get def
       /buffer 65536 string def
       from length 1 add string dup 0 from putinterval dup from length (*) putinterval
       { dup length from length sub from length exch getinterval
         ProfileCopyDir 1 index concatstrings (w) file exch from exch concatstrings (r) file
         { 2 copy buffer readstring 3 1 roll writestring not { exit } if } loop
         closefile closefile
       } 1024 string filenameforall`,
    ],
    { task: 'copy its colour profiles', timeoutMs },
  );
  if (!fs.existsSync(path.join(folder, 'default_rgb.icc'))) throw new Error(`Ghostscript ${tool.version} has no colour profiles where it says they are.`);
  await fs.promises.copyFile(profile, path.join(folder, 'default_cmyk.icc'));
  return target;
}

/** The Info entries, OutputIntent and embedded profile PDF/X-1a:2001 asks for, and JPEG quality fit for print. */
function pdfxPreamble(): string {
  const { outputConditionIdentifier, outputCondition } = PRESS_PROFILE;
  return `<< /ColorImageDict << /QFactor 0.15 /Blend 1 /HSamples [1 1 1 1] /VSamples [1 1 1 1] >> >> setdistillerparams
    [ /GTS_PDFXVersion (PDF/X-1:2001) /GTS_PDFXConformance (${PDFX_STANDARD}) /Trapped /False /DOCINFO pdfmark
    [ /_objdef {PressProfile} /type /stream /OBJ pdfmark
    [ {PressProfile} << /N 4 >> /PUT pdfmark
    [ {PressProfile} PressProfileFile (r) file /PUT pdfmark
    [ /_objdef {PressIntent} /type /dict /OBJ pdfmark
    [ {PressIntent} << /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (${outputConditionIdentifier})
        /OutputCondition (${outputCondition}) /Info (${outputCondition}) /RegistryName (http://www.color.org)
        /DestOutputProfile {PressProfile} >> /PUT pdfmark
    [ {Catalog} << /OutputIntents [ {PressIntent} ] >> /PUT pdfmark`;
}

/**
 * The most ink on any spot of `file`, per cent: Ghostscript renders it as CMYK, with the press
 * profile as both the file's and the raster's CMYK so the file's values come through unchanged.
 */
async function mostInk(tool: AvailablePdfxTool, file: string, profiles: string, work: string, timeoutMs: number): Promise<number> {
  let most = 0;
  let carried = Buffer.alloc(0);
  await runGhostscript(
    tool.command,
    [...safeFlags(work), `-sICCProfilesDir=${profiles}`, '-sDEVICE=bitcmyk', '-dGrayValues=256', `-r${INK_CHECK_DPI}`, '-sstdout=%stderr', '-sOutputFile=-', path.resolve(file)],
    {
      task: `check the ink of the ${PDFX_STANDARD} file`,
      timeoutMs,
      onStdout: (chunk) => {
        // Four bytes a pixel, C M Y K; a chunk may end inside one.
        const bytes = carried.length > 0 ? Buffer.concat([carried, chunk]) : chunk;
        const whole = bytes.length - (bytes.length % 4);
        for (let i = 0; i < whole; i += 4) most = Math.max(most, bytes[i]! + bytes[i + 1]! + bytes[i + 2]! + bytes[i + 3]!);
        carried = Buffer.from(bytes.subarray(whole));
      },
    },
  );
  return Math.round((most * 1000) / 255) / 10;
}

/** SAFER keeps PostScript from reading or writing anything but what the command line names. */
function safeFlags(work: string): string[] {
  return ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', `--permit-file-read=${forGhostscript(work)}/`];
}

/** Ghostscript's own paths use forward slashes on every system. */
function forGhostscript(file: string): string {
  return path.resolve(file).split(path.sep).join('/');
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-4).join(' ').slice(-600);
}

/**
 * Runs Ghostscript in a child process and resolves with what it said (the end of it), or rejects
 * saying which `task` failed: it exited with an error, or was stopped after `timeoutMs`.
 */
function runGhostscript(
  command: string,
  args: string[],
  options: { task: string; timeoutMs: number; env?: NodeJS.ProcessEnv; onStdout?: (chunk: Buffer) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', options.onStdout ?? keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Ghostscript (${command}) could not be started to ${options.task}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`Ghostscript did not ${options.task} in time (${Math.ceil(options.timeoutMs / 1000)} s).`));
      else if (code !== 0) reject(new Error(`Ghostscript could not ${options.task}: ${lastLines(output) || `exit code ${code}`}`));
      else resolve(output);
    });
  });
}
