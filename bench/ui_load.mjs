// A cold dashboard load on a throttled phone link (1.6 Mbps down, 750 kbps
// up, 150 ms round trip: Chromium's network emulation), in one run, with the
// precompressed assets and, as the baseline, with compression refused
// (Accept-Encoding: identity). Prints bytes transferred, first contentful
// paint and the time until the dashboard's chart is drawn (docs/benchmarks.md).
//   node bench/ui_load.mjs path/to/wcp
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '../tests/e2e/server.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'web/package.json'))
const { chromium } = require('playwright-core')
const server = await startServer(resolve(process.argv[2] ?? 'build/release/wcp'), root)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})

async function coldLoad(token, encoding) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN',
    extraHTTPHeaders: encoding ? { 'Accept-Encoding': encoding } : {} })
  await context.addCookies([{ name: 'wcp_session', value: token, url: server.base }])
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) })
  let bytes = 0
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength })
  const start = Date.now()
  await page.goto(server.base + '/', { waitUntil: 'domcontentloaded' })
  await page.locator('[data-testid=home-chart] canvas').first().waitFor({ timeout: 120000 })
  const chartMs = Date.now() - start
  await page.waitForLoadState('networkidle')
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null)
  await context.close()
  return { bytes, fcp, chartMs }
}

try {
  const r = await fetch(server.base + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-analyst', password: server.demoPasswords['demo-analyst'] }) })
  const { token } = await r.json()
  const rows = [['precompressed (brotli)', await coldLoad(token, '')], ['baseline: identity', await coldLoad(token, 'identity')]]
  console.log('| cold dashboard, 390×844, 1.6 Mbps / 150 ms | transferred | first contentful paint | chart drawn |')
  console.log('|---|---|---|---|')
  for (const [name, m] of rows) {
    console.log(`| ${name} | ${(m.bytes / 1024).toFixed(0)} KiB | ${(m.fcp / 1000).toFixed(2)} s | ${(m.chartMs / 1000).toFixed(2)} s |`)
  }
} finally {
  await browser.close()
  server.stop()
}
