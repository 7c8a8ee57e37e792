// memsim's executable, dist/memsim.js: loads the application bundle (one CommonJS file, built by
// scripts/build.mjs from source/cli/main.ts) through V8's code cache, the way Node's own CommonJS loader compiles
// a file, but with `cachedData`: compiling the ~1 MB bundle and then, lazily, every function the first frame
// runs is a large part of start-up, and V8 can instead deserialize the bytecode a previous run produced.
// Node 20 has no module.enableCompileCache() and never caches ES modules, hence the CommonJS bundle.
//
// The cache is an optimisation only, never a source of truth: it sits next to the bundle, named after the
// bundle's content hash (a changed bundle gets a new name, so it can never be served a stale cache) and the Node
// version and architecture; V8 itself rejects data from another V8 build or other flags. Missing, rejected or
// unreadable cache: the bundle is compiled normally and a fresh cache is written (atomically) once the program
// has started, when the directory is writable; a read-only installation simply runs without one.
// Keep this file tiny and dependency-free: everything it imports is compiled before the cache can help.
//
// The launcher itself is CommonJS too (scripts/build.mjs writes dist/package.json with "type": "commonjs"): an ES
// module entry makes Node start its ES module loader first (fs/promises, the resolver, the module job), measured
// at ~22 M instructions and ~140 page faults more to the first frame, for a file that imports nothing.
const { isAscii } = require('node:buffer') as typeof import('node:buffer');
const { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
const { createRequire } = require('node:module') as typeof import('node:module');
const { dirname, join } = require('node:path') as typeof import('node:path');
const vm = require('node:vm') as typeof import('node:vm');

/** The bundle's path relative to this file, substituted by scripts/build.mjs (e.g. chunks/memsim-app-HASH.cjs). */
declare const MEMSIM_APP_BUNDLE: string;

const appPath = join(__dirname, MEMSIM_APP_BUNDLE);
// One cache per kind of command: a cache holds the functions compiled when it was made, and `memsim sh` run first
// must not leave the dashboard a cache without the dashboard in it.
const kind = ['run', 'sh', 'record'].includes(process.argv[2] ?? '') ? process.argv[2] : 'dashboard';
const cachePath = `${appPath.replace(/\.cjs$/, '')}.${kind}.node-${process.version}-${process.arch}.v8cache`;

function writeCache(script: import('node:vm').Script): void {
  const temporary = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cachePath); // atomic: a concurrent start never reads half a cache
  } catch {
    rmSync(temporary, { force: true }); // read-only or full disk: run without a cache
  }
}

/** An open file and its size. */
interface OpenFile { fd: number; size: number }

function openFile(path: string): OpenFile {
  const fd = openSync(path, 'r');
  try {
    return { fd, size: fstatSync(fd).size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function openCache(): OpenFile | undefined {
  if (process.env.MEMSIM_CODE_CACHE === '0') return undefined;
  try {
    return openFile(cachePath);
  } catch {
    return undefined; // first run, or an unreadable file: compile without
  }
}

/** The file's first `size` bytes (or fewer, if it shrank) read into the start of `buffer`; closes the file. */
function readInto(file: OpenFile, buffer: Buffer): Buffer {
  try {
    let done = 0;
    while (done < file.size) {
      const n = readSync(file.fd, buffer, done, file.size - done, done);
      if (n === 0) break; // the file shrank
      done += n;
    }
    return buffer.subarray(0, done);
  } finally {
    closeSync(file.fd);
  }
}

// The bundle and the code cache pass through one buffer, the bundle first: its text is copied out into a string,
// then the cache is read over it. A ~1 MB buffer is fresh memory (an mmap), and every 4 KiB page of it costs a
// page fault when first written (~10 us each on the VM measured): one buffer for both saves ~260 of them.
const appFile = openFile(appPath);
const cacheFile = openCache();
const buffer = Buffer.allocUnsafeSlow(Math.max(appFile.size, cacheFile?.size ?? 0));
const appBytes = readInto(appFile, buffer);
// esbuild writes ASCII (it escapes the rest), and decoding ASCII as latin1 is a plain copy, where Node 20's UTF-8
// decoding of the ~1 MB file costs tens of ms; anything else is decoded as UTF-8.
const source = appBytes.toString(isAscii(appBytes) ? 'latin1' : 'utf8');
let cachedData: Buffer | undefined;
try {
  cachedData = cacheFile === undefined ? undefined : readInto(cacheFile, buffer);
} catch {
  cachedData = undefined; // unreadable: compile without
}
// node:v8 only when it is used (`memsim sh` and `run` with a cache need not load it); the dashboard loads it before
// its first frame anyway (source/ui/jit-budget.ts).
let v8Module: typeof import('node:v8') | undefined;
const v8 = (): typeof import('node:v8') => (v8Module ??= require('node:v8') as typeof import('node:v8'));

// The dashboard starts without V8's optimizing compilers, which are turned back on at the first frame. Before it,
// nearly all code runs once or a few times (the kernel's boot, the first render), yet V8 sends the warmest of it
// to TurboFan, and the first layouts' hottest yoga (WebAssembly) functions to its wasm tier-up, whose compiler
// threads then compete with the main thread for this machine's two cores and fault in megabytes of compiler
// memory: in one start, 3,900 page faults off the main thread (~130 ms of CPU) against 5,600 on it. Yoga's
// tier-up is not turned off but deferred: its functions start with 10 times V8's tier-up budget (each one's budget
// is set when the module is instantiated, and reset to the flag's value once it tiers up).
// Set before the bundle is compiled: V8 keys the code cache to its flags, so the cache is made and used under
// the same ones.
/** V8's default --wasm-tiering-budget (node 20 / V8 11.3). */
const WASM_TIERING_BUDGET = 1_800_000;
const STARTUP_FLAGS = kind === 'dashboard'
  ? { during: `--no-turbofan --wasm-tiering-budget=${10 * WASM_TIERING_BUDGET}`, after: `--turbofan --wasm-tiering-budget=${WASM_TIERING_BUDGET}` }
  : undefined;
if (STARTUP_FLAGS) v8().setFlagsFromString(STARTUP_FLAGS.during);

// The bundle's text is one function expression, Node's CommonJS wrapper included (scripts/build.mjs): compiled as
// it is read, with no second copy of the ~1 MB text for a wrapper.
const script = new vm.Script(source, { filename: appPath, cachedData });

/** What runs when the dashboard (or the recorder) has drawn its first frame, in this order (installed below). */
const atFirstFrame: (() => void)[] = [];

// Only a run with default flags writes: V8 bakes its flags into the cache, and a profiling run (--cpu-prof, or
// NODE_OPTIONS) must not replace the cache every normal start uses.
const defaultFlags = process.execArgv.length === 0 && !process.env.NODE_OPTIONS;
if ((cachedData === undefined || script.cachedDataRejected === true) && defaultFlags
  && process.env.MEMSIM_CODE_CACHE !== '0') {
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    writeCache(script);
  };
  // The cache holds the functions compiled when it is made: the dashboard (and the recorder) make it once the
  // first frame is drawn, so it holds what start-up needs and little else; `run` and `sh` on the way out. A
  // dashboard that never draws (--help, a usage error) writes nothing.
  atFirstFrame.push(save);
  if (kind !== 'dashboard') process.once('exit', save);
  // V8 bakes its flags into the cache and rejects it under other flags; flags change at run time (the start-up
  // flags above, source/ui/jit-budget.ts). Write the cache before any change, so it matches a fresh start's flags.
  const v8Api = v8();
  const setFlagsFromString = v8Api.setFlagsFromString;
  v8Api.setFlagsFromString = (flags: string): void => {
    save();
    setFlagsFromString.call(v8Api, flags);
  };
}

if (STARTUP_FLAGS) atFirstFrame.push(() => v8().setFlagsFromString(STARTUP_FLAGS.after)); // after the cache is saved
// source/ui/mount.ts calls the function under this symbol at each first frame. A function already there (a
// measuring tool's --require) still runs, after ours.
if (atFirstFrame.length > 0) {
  const hooks = globalThis as Record<symbol, (() => void) | undefined>;
  const key = Symbol.for('memsim.codeCachePoint');
  const previous = hooks[key];
  hooks[key] = () => {
    for (const hook of atFirstFrame) hook();
    previous?.();
  };
}

const appModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(
  appModule.exports, createRequire(appPath), appModule, appPath, dirname(appPath));
