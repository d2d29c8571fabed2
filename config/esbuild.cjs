'use strict';
// serverless-esbuild settings shared by the three services: `${file(../../config/esbuild.cjs):base}`.

const SHARP_VERSION = require('../services/image-processing/package.json').dependencies.sharp;

// `serverless offline` runs the bundle on this machine: native modules must come from the
// workspace's own node_modules, built for this machine, not from an install for Lambda, and
// its build folder is its own so that packaging (linux-arm64) never swaps files under a running stack.
const offline = process.argv.slice(2).includes('offline');

const base = {
  bundle: true,
  minify: true,
  sourcemap: 'external',
  target: 'node24',
  platform: 'node',
  format: 'esm',
  outputFileExtension: '.mjs',
  mainFields: ['module', 'main'],
  // Some bundled CommonJS dependencies call require(); ESM output needs it defined.
  banner: {
    js: "import { createRequire as __copperCreateRequire } from 'node:module'; const require = __copperCreateRequire(import.meta.url);",
  },
  // The nodejs24.x runtime ships AWS SDK v3, so it is neither bundled nor packaged.
  exclude: ['@aws-sdk/*'],
  packager: 'npm',
  outputWorkFolder: offline ? '.esbuild-offline' : '.esbuild',
};

// sharp is a native module: it stays out of the bundle and is installed into the artifact
// for the Lambda's architecture (linux-arm64), whatever machine packages it.
const withSharp = {
  ...base,
  external: ['sharp'],
  packagerOptions: offline
    ? { noInstall: true }
    : {
        scripts: [
          `npm install --no-save --no-audit --no-fund --os=linux --cpu=arm64 --libc=glibc sharp@${SHARP_VERSION}`,
        ],
      },
};

module.exports = { base, withSharp };
