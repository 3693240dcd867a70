// End-to-end: the UI shell in Debian's headless Chromium (playwright-core).
// Log in, navigate every module, switch language, log out. Any console
// error, page error or failed request fails the test. Screenshots go to
// tests/e2e/out/ as artifacts.
import { execFileSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer } from './server.mjs'
import { checkNoUnexpectedErrors, expect, expectFailure, finish, launch, out, root, step, watch } from './harness.mjs'

const wcp = process.argv[2]

const server = await startServer(wcp, root)
const browser = await launch()
try {
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' }))

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
    await page.getByTestId('indicator-ytd').getByText('2025年1–10月').waitFor()
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
    await page.getByTestId('period-text').locator('input').fill('2026')
    await page.keyboard.press('Enter')
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
  await step('the report prints on A4 landscape without clipped labels (pages kept as images)', async () => {
    // A4 landscape less the margins is about 1030 CSS px wide: check every cell there, in print media.
    await page.mouse.move(0, 0) // no tooltip left over a chart
    await page.setViewportSize({ width: 1030, height: 800 })
    await page.emulateMedia({ media: 'print' })
    const clipped = await page.evaluate(() => [...document.querySelectorAll('.wcp-report-table th, .wcp-report-table td, h1, h2')]
      .filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent.trim()).slice(0, 5))
    expect(clipped.length === 0, `clipped in print: ${clipped.join(' | ')}`)
    const issuer = await page.getByTestId('report-issuer').textContent()
    expect(issuer.includes('青岛西海岸新区商务局'), `no issuing body: ${issuer}`)
    const pdfPath = join(out, 'report-midterm-zh.pdf')
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1280, height: 800 })
    // Render the pages for a person to look at (tests/e2e/out/report-print-N.png).
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(out, 'report-print')])
    const pages = readdirSync(out).filter((f) => /^report-print-\d+\.png$/.test(f))
    expect(pages.length >= 2, `the report printed on ${pages.length} page(s)`)
    // The public edition leaves the internal appendix out.
    await page.getByTestId('report-edition').getByText('公开版').click()
    await page.getByTestId('report-notes').waitFor({ state: 'detached' })
    await page.getByTestId('report-edition').getByText('内部版').click()
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
  await step('phone: the header fits in one line and the menu opens as a drawer', async () => {
    const phone = watch(await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' }), 'phone')
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
  await step('no console errors, page errors or failed requests', async () => checkNoUnexpectedErrors())
} finally {
  await browser.close()
  server.stop()
}
finish()
