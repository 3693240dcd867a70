// Accessibility (WCAG 2.1 AA) of every page, by axe-core in Debian's
// headless Chromium: no serious or critical violation on any page, in
// Chinese and English, at desktop and phone sizes. Prints each violation
// with the elements it names. axe is injected through the DevTools protocol
// (the page's CSP allows no foreign script, rightly).
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(root, 'web/package.json'))
const { chromium } = require('playwright-core')
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const server = await startServer(process.argv[2], root)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
// The enterprise's pages differ (its home is its tasks).
const ENTERPRISE_PAGES = ['/', '/enterprise-report', '/indicators', '/prices', '/prices/report', '/ledger', '/admin/keys']
const PAGES = ['/', '/prices', '/prices/commodities/chinese_cabbage', '/prices/commodities/live_hog', '/prices/alerts', '/prices/reserves', '/prices/report', '/prices/bulletin', '/indicators', '/indicators/retail_sales', '/entry', '/review', '/reports', '/ledger', '/places',
  '/admin/users', '/admin/enterprises', '/admin/keys', '/admin/audit']
let failed = 0

async function audit(page, label) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length) failed++
  console.log(`${bad.length ? 'not ok' : 'ok'} - ${label}: ${bad.length} serious or critical`)
  for (const v of bad) {
    console.log(`    ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`)
  }
}

// Dialogs a page opens, audited open: the page's path → the button's test id.
const DIALOGS = { '/prices/report': 'preport-upload', '/indicators': 'import-open' }

async function visit(size, locale, user, pages = PAGES) {
  const context = await browser.newContext({ viewport: size, locale, isMobile: size.width < 500 })
  const page = await context.newPage()
  await page.addInitScript((l) => localStorage.setItem('wcp.locale', l === 'en' ? 'en' : 'zh-CN'), locale)
  await page.goto(server.base + '/login', { waitUntil: 'networkidle' })
  await audit(page, `${locale} ${size.width}px /login`)
  await page.getByTestId('username').fill(user.name)
  await page.getByTestId('password').fill(user.password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('home-title').waitFor()
  for (const path of pages) {
    await page.goto(server.base + path, { waitUntil: 'networkidle' })
    await page.waitForTimeout(0)
    await audit(page, `${locale} ${size.width}px ${path}`)
    const opener = DIALOGS[path] && page.getByTestId(DIALOGS[path])
    if (opener && (await opener.count())) {
      await opener.click()
      await page.locator('.el-dialog').waitFor()
      // Audited once it has faded in (contrast is measured on what is drawn).
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
      await audit(page, `${locale} ${size.width}px ${path} (dialog)`)
      await page.keyboard.press('Escape')
    }
  }
  await context.close()
}

try {
  const admin = { name: 'admin', password: server.adminPassword }
  await visit({ width: 1440, height: 900 }, 'zh-CN', admin)
  await visit({ width: 1440, height: 900 }, 'en', admin)
  await visit({ width: 390, height: 844 }, 'zh-CN', admin)
  const clerk = { name: 'demo-ent3', password: server.demoPasswords['demo-ent3'] }
  await visit({ width: 1440, height: 900 }, 'zh-CN', clerk, ENTERPRISE_PAGES)
  await visit({ width: 390, height: 844 }, 'en', clerk, ENTERPRISE_PAGES)
} finally {
  await browser.close()
  server.stop()
}
process.exit(failed ? 1 : 0)
