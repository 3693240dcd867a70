// Writes a gzip (level 9) and a brotli (quality 11) copy beside every text
// asset of dist/ worth compressing, so the server can send them as they are
// to browsers that accept them (Accept-Encoding) — no compression per request.
// Run after `vite build` (scripts/build-web.sh). Uses Node's own zlib.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url).pathname
const TEXT = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.map', '.webmanifest'])
const MIN_BYTES = 1024 // below this the headers cost more than the saving

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

let before = 0
let after = 0
for (const path of files(dist)) {
  if (!TEXT.has(extname(path)) || statSync(path).size < MIN_BYTES) continue
  const bytes = readFileSync(path)
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
  writeFileSync(path + '.br', br)
  writeFileSync(path + '.gz', gzipSync(bytes, { level: 9 }))
  before += bytes.length
  after += br.length
}
console.log(`precompressed: ${(before / 1024).toFixed(0)} KiB of text assets → ${(after / 1024).toFixed(0)} KiB with brotli`)
