#!/usr/bin/env node
// `npm run bench [-- --quick]`: the performance figures beside their floors. The runner lives in
// bench/run.mjs; BENCH.md explains the figures and holds the latest full run.
import '../bench/run.mjs';
