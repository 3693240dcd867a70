// End-to-end: the UI shell in Debian's headless Chromium (playwright-core).
// Log in, navigate every module, switch language, log out. Any console
// error, page error or failed request fails the test. Screenshots go to
// tests/e2e/out/ as artifacts.
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(root, 'web/package.json'))
const { chromium } = require('playwright-core')
const wcp = process.argv[2]
const out = join(root, 'tests/e2e/out')
mkdirSync(out, { recursive: true })

let passed = 0
let failed = 0
const errors = []
const expected = [] // failures a step provokes on purpose: { status, path }
function expectFailure(status, path) {
  expected.push({ status, path })
}
async function step(name, fn) {
  try {
    await fn()
    passed++
    console.log(`ok - ${name}`)
  } catch (e) {
    failed++
    console.log(`not ok - ${name}: ${e.message}`)
  }
}
function expect(cond, msg) {
  if (!cond) throw new Error(msg)
}

const server = await startServer(wcp, root)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' })
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`) })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`))
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`)
  })

  await step('login page in Chinese by default', async () => {
    await page.goto(server.base + '/', { waitUntil: 'networkidle' })
    await page.getByTestId('username').waitFor()
    expect((await page.textContent('body')).includes('西海岸新区商务发展数字平台'), 'Chinese title missing')
  })
  await step('wrong password shows an error and stays on login', async () => {
    await page.getByTestId('username').fill('admin')
    await page.getByTestId('password').fill('wrong-password-1')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('login-error').waitFor()
    const said = await page.getByTestId('login-error').textContent()
    expect(said.includes('用户名或密码错误'), `the login error is not in Chinese: ${said}`)
    expectFailure(401, '/api/v1/auth/login')
  })
  await step('log in as admin', async () => {
    await page.getByTestId('password').fill(server.adminPassword)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('home-title').waitFor()
    await page.locator('[data-testid=home-chart] canvas').first().waitFor()
    await page.getByTestId('stat-indicators').getByText('17', { exact: true }).waitFor()
    await page.getByTestId('demo-banner').waitFor()
    // The chart's text alternative: the same figures as a table, and back.
    await page.getByTestId('home-chart').getByTestId('chart-table-toggle').click()
    const table = await page.getByTestId('home-chart').getByTestId('chart-table').textContent()
    expect(/\d/.test(table), `the chart's data table is empty: ${table}`)
    await page.getByTestId('home-chart').getByTestId('chart-table-toggle').click()
    await page.screenshot({ path: join(out, 'home-zh.png'), fullPage: true })
  })
  let receipt = ''
  await step('indicator dashboard, an indicator page and its receipt', async () => {
    await page.getByTestId('nav-indicators').click()
    await page.getByTestId('card-retail_sales').getByText('社会消费品零售额').waitFor()
    await page.getByTestId('card-goods_exports').getByText('一致性提示').waitFor()
    await page.screenshot({ path: join(out, 'indicators-zh.png'), fullPage: true })
    await page.getByTestId('card-retail_sales').click()
    await page.locator('[data-testid=level-chart] canvas').first().waitFor()
    const summary = await page.getByTestId('indicator-summary').textContent()
    expect(summary.includes('社会消费品零售额') && summary.includes('规划要求的7.9%'), `summary: ${summary}`)
    await page.getByTestId('indicator-ytd').getByText('2025-YTD10').waitFor()
    await page.screenshot({ path: join(out, 'indicator-retail-zh.png'), fullPage: true })
    await page.getByTestId('receipt-button').first().click()
    await page.getByTestId('receipt-text').waitFor()
    receipt = await page.getByTestId('receipt-text').textContent()
    expect(receipt.startsWith('c2sp.org/tlog-proof@v1'), 'receipt format')
    await page.keyboard.press('Escape')
  })
  await step('enter a period across indicators (all or nothing)', async () => {
    await page.getByTestId('nav-entry').click()
    await page.getByTestId('period-table').getByText('社会消费品零售额').waitFor()
    await page.getByTestId('period-text').fill('2026')
    await page.getByTestId('level-retail_sales').fill('1500')
    await page.getByTestId('level-catering_above_size').fill('many')
    await page.getByTestId('period-submit').click()
    await page.getByTestId('period-failed').waitFor()
    expectFailure(400, '/api/v1/indicators/import')
    await page.getByTestId('level-catering_above_size').fill('20.5')
    await page.getByTestId('period-submit').click()
    await page.getByTestId('period-stored').getByText('已提交 2 条').waitFor()
  })
  await step('mid-term evaluation report and its workbook', async () => {
    await page.getByTestId('nav-reports').click()
    await page.getByTestId('report-title').getByText('中期评估').waitFor()
    await page.getByTestId('report-table').getByText('社会消费品零售额').waitFor()
    await page.screenshot({ path: join(out, 'report-midterm-zh.png'), fullPage: true })
    // Chart tooltips under the strict CSP (no inline styles): hovering must not
    // log a CSP violation (any console error fails the run).
    for (const canvas of await page.locator('canvas').all()) {
      const box = await canvas.boundingBox()
      if (!box) continue
      for (const [fx, fy] of [[0.5, 0.5], [0.3, 0.4], [0.7, 0.6], [0.5, 0.2]]) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy)
        await page.waitForTimeout(100)
      }
    }
    const xlsx = await page.request.get(server.base + '/api/v1/reports/indicators.xlsx?as_of=2023')
    expect(xlsx.status() === 200, `xlsx status ${xlsx.status()}`)
    const body = await xlsx.body()
    expect(body.subarray(0, 2).toString() === 'PK', 'an XLSX is a zip file')
  })
  await step('ledger page verifies the receipt', async () => {
    await page.getByTestId('nav-ledger').click()
    await page.getByTestId('ledger-checkpoint').waitFor()
    expect(Number(await page.getByTestId('ledger-size').textContent()) > 0, 'the demo data ledgers records')
    await page.getByTestId('receipt-input').fill(receipt)
    await page.getByTestId('receipt-verify').click()
    await page.getByTestId('receipt-verdict').getByText('凭证有效').waitFor()
    await page.getByTestId('receipt-input').fill(receipt.replace('index ', 'index 1'))
    await page.getByTestId('receipt-verify').click()
    await page.getByTestId('receipt-verdict').getByText('凭证无效').waitFor()
    await page.getByTestId('run-audit').click()
    await page.getByTestId('audit-result').getByText('审计通过').waitFor()
    await page.screenshot({ path: join(out, 'ledger-zh.png'), fullPage: true })
  })
  await step('navigate to places', async () => {
    await page.getByTestId('nav-places').click()
    await page.getByTestId('places-centres').getByText('唐岛湾市级商业中心').waitFor()
  })
  await step('a slice of the dashboard donut filters the indicators by status', async () => {
    await page.getByTestId('nav-home').click()
    await page.goto(server.base + '/indicators?status=target_met', { waitUntil: 'networkidle' })
    const cards = await page.locator('[data-testid^=card-]').count()
    const all = await page.evaluate(async () => (await (await fetch('/api/v1/indicators')).json()).indicators)
    const met = all.filter((i) => i.evaluation.status === 'target_met').length
    expect(cards === met && met < all.length, `${cards} cards for ${met} indicators that met their target`)
  })
  await step('admin pages: users, enterprises, audit', async () => {
    await page.getByText('系统管理').click()
    await page.getByTestId('nav-users').click()
    await page.getByTestId('users-table').getByText('demo-analyst', { exact: true }).first().waitFor()
    await page.getByTestId('nav-enterprises').click()
    await page.getByTestId('enterprises-table').waitFor()
    await page.getByTestId('nav-audit').click()
    await page.getByTestId('audit-table').waitFor()
  })
  await step('admin issues an API key from the declared permissions, and the key works', async () => {
    await page.getByTestId('nav-keys').click()
    await page.getByLabel('密钥名称').fill('e2e-erp')
    await page.getByLabel('企业', { exact: true }).first().click()
    await page.locator('.el-select-dropdown__item:visible').first().click()
    await page.getByTestId('key-permissions').click()
    await page.getByRole('option', { name: 'indicators:read' }).click()
    await page.keyboard.press('Escape')
    await page.getByTestId('key-create').click()
    const key = (await page.getByTestId('new-key').textContent()).trim()
    expect(key.startsWith('wcpk_'), `no key shown: ${key}`)
    await page.getByTestId('copy-key').waitFor()
    const status = await page.evaluate(async (k) => (await fetch('/api/v1/indicators', { headers: { Authorization: 'Bearer ' + k } })).status, key)
    const listed = await page.evaluate(async () => (await (await fetch('/api/v1/admin/api-keys')).json()).api_keys.find((k) => k.name === 'e2e-erp'))
    expect(JSON.stringify(listed.permissions) === '["indicators:read"]', `granted ${JSON.stringify(listed?.permissions)}`)
    expect(status === 200, `the new key reads indicators with ${status}`)
  })
  await step('a failed load shows the error with a retry, and the retry loads the page', async () => {
    const problem = { type: 'https://wcp.example/problems/unavailable', title: 'Service Unavailable', status: 503, detail: 'down for the test' }
    await page.route('**/api/v1/ledger/status', (r) => r.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify(problem) }))
    expectFailure(503, '/api/v1/ledger/status')
    await page.getByTestId('nav-ledger').click()
    await page.getByTestId('load-failed').getByText('down for the test').waitFor()
    await page.unroute('**/api/v1/ledger/status')
    await page.getByTestId('load-retry').click()
    await page.getByTestId('load-failed').waitFor({ state: 'detached' })
    await page.getByText('凭证').first().waitFor()
  })
  await step('each page names itself in the title; focus starts in the username field', async () => {
    await page.getByTestId('nav-indicators').click()
    await page.waitForFunction(() => document.title.startsWith('规划指标'))
    await page.goto(server.base + '/indicators/retail_sales', { waitUntil: 'networkidle' })
    await page.waitForFunction(() => document.title.startsWith('社会消费品零售额'))
    const login = await browser.newPage()
    await login.goto(server.base + '/login', { waitUntil: 'networkidle' })
    await login.getByTestId('username').waitFor()
    const focused = await login.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    expect(focused === 'username', `focus starts on ${focused}`)
    await login.close()
  })
  await step('switch to English', async () => {
    await page.getByTestId('nav-home').click()
    await page.getByTestId('lang').click()
    await page.getByText('West Coast Commerce Platform').first().waitFor()
    await page.waitForFunction(() => !/[\u4e00-\u9fff]/.test(document.title)) // the title follows the language
    expect((await page.getByTestId('home-title').textContent()).startsWith('Welcome'), 'title not translated')
    await page.screenshot({ path: join(out, 'home-en.png'), fullPage: true })
  })
  await step('log out', async () => {
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await page.getByTestId('login-submit').waitFor()
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
    expect(me === 401, `after logout /auth/me answered ${me}`)
    expectFailure(401, '/api/v1/auth/me')
  })
  await step('a second analyst approves from the review inbox (its count on the menu)', async () => {
    const a2 = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    a2.on('console', (m) => { if (m.type() === 'error') errors.push(`analyst2 console: ${m.text()}`) })
    await a2.goto(server.base + '/login', { waitUntil: 'networkidle' })
    await a2.getByTestId('username').fill('demo-analyst2')
    await a2.getByTestId('password').fill(server.demoPasswords['demo-analyst2'])
    await a2.getByTestId('login-submit').click()
    await a2.getByTestId('home-title').waitFor()
    const before = Number(await a2.getByTestId('nav-review-count').textContent())
    expect(before > 0, 'the inbox count is missing')
    await a2.getByTestId('nav-review').click()
    await a2.getByTestId('review-table').waitFor()
    await a2.screenshot({ path: join(out, 'review-zh.png') })
    await a2.locator('[data-testid=review-table] tbody .el-checkbox').first().click()
    await a2.getByTestId('review-approve-selected').click()
    await a2.locator('.el-message-box__btns .el-button--primary').click() // the confirmation
    await a2.getByText('已审核通过 1 条').waitFor()
    await a2.waitForFunction((n) => Number(document.querySelector('[data-testid=nav-review-count]')?.textContent || 0) === n - 1, before)
    await a2.close()
  })
  await step('an enterprise user is offered only what the server lets it do (capabilities)', async () => {
    const ent = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    ent.on('console', (m) => { if (m.type() === 'error') errors.push(`enterprise console: ${m.text()}`) })
    ent.on('response', (r) => { if (r.status() === 403) errors.push(`403 for the enterprise user: ${r.url()}`) })
    await ent.goto(server.base + '/login', { waitUntil: 'networkidle' })
    await ent.getByTestId('username').fill('demo-ent1')
    await ent.getByTestId('password').fill(server.demoPasswords['demo-ent1'])
    await ent.getByTestId('login-submit').click()
    await ent.getByTestId('home-title').waitFor()
    await ent.getByTestId('nav-indicators').waitFor()
    for (const hidden of ['nav-entry', 'nav-users', 'nav-audit']) {
      expect((await ent.getByTestId(hidden).count()) === 0, `${hidden} is offered to an enterprise user`)
    }
    await ent.getByTestId('nav-indicators').click()
    await ent.getByText('社会消费品零售额').first().waitFor()
    expect((await ent.getByTestId('import-open').count()) === 0, 'the import button is offered to an enterprise user')
    await ent.goto(server.base + '/entry', { waitUntil: 'networkidle' })
    await ent.getByTestId('home-title').waitFor() // sent home: it may not enter statistics
    await ent.close()
  })
  await step('phone: the header fits in one line and the menu opens as a drawer', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })
    phone.on('console', (m) => { if (m.type() === 'error') errors.push(`phone console: ${m.text()}`) })
    await phone.goto(server.base + '/indicators', { waitUntil: 'networkidle' })
    await phone.getByTestId('login-submit').waitFor()
    await phone.screenshot({ path: join(out, 'login-phone.png') })
    await phone.getByTestId('username').fill('admin')
    await phone.getByTestId('password').fill(server.adminPassword)
    await phone.getByTestId('login-submit').click()
    await phone.getByTestId('menu-button').waitFor()
    const title = await phone.getByTestId('app-title').boundingBox()
    expect(title.height < 32, `the title wraps: ${title.height}px high`)
    const width = await phone.evaluate(() => document.documentElement.scrollWidth)
    expect(width <= 390, `the page is ${width}px wide at 390`)
    await phone.screenshot({ path: join(out, 'home-phone.png') })
    await phone.getByTestId('menu-button').click()
    await phone.getByTestId('menu-drawer').getByTestId('nav-indicators').click()
    await phone.getByTestId('menu-drawer').waitFor({ state: 'hidden' })
    await phone.getByText('社会消费品零售额').first().waitFor()
    await phone.screenshot({ path: join(out, 'indicators-phone.png') })
    await phone.close()
  })
  await step('no console errors, page errors or failed requests', async () => {
    // Remove exactly the failures the steps provoked on purpose (a request and its console line each),
    // whenever their events arrived; anything else fails.
    for (const { status, path } of expected) {
      const req = errors.findIndex((e) => e.startsWith(`${status} `) && e.includes(path))
      if (req >= 0) errors.splice(req, 1)
      const con = errors.findIndex((e) => e.startsWith('console:') && e.includes(`status of ${status}`))
      if (con >= 0) errors.splice(con, 1)
    }
    expect(errors.length === 0, errors.join(' | '))
  })
} finally {
  await browser.close()
  server.stop()
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
