// Starts a real wcp server on a free loopback port with a fresh SQLite
// database (reference + demo data), for the end-to-end tests.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

export async function startServer(wcp, root) {
  const dir = mkdtempSync(join(tmpdir(), 'wcp-e2e-'))
  const env = { ...process.env, WCP_DATA_DIR: join(root, 'data'), WCP_WEB_DIR: join(root, 'web/dist'), WCP_VAR_DIR: join(dir, 'var') }
  const db = `sqlite:${dir}/wcp.db`
  execFileSync(wcp, ['migrate', '--db', db], { env, stdio: 'ignore' })
  execFileSync(wcp, ['demo', '--db', db, '--seed', '1'], { env, stdio: 'ignore' })
  const port = await freePort()
  const proc = spawn(wcp, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  proc.stdout.on('data', (d) => (log += d))
  proc.stderr.on('data', (d) => (log += d))
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) break
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const adminPassword = readFileSync(join(dir, 'var/admin-password'), 'utf8').trim()
  const demoPasswords = Object.fromEntries(
    readFileSync(join(dir, 'var/demo-passwords'), 'utf8').trim().split('\n').map((l) => l.split(' ')),
  )
  return { base, dir, proc, adminPassword, demoPasswords, log: () => log, stop: () => proc.kill('SIGTERM') }
}
