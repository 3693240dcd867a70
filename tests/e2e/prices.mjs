// End-to-end: the 菜篮子 price board and the daily report form in Chromium,
// at desktop and phone sizes. The demo's last day carries a Chinese-cabbage
// shock (level IV) and one point that has not reported; a clerk of the first
// demo enterprise reports its point's prices, confirms the one far off, and
// the analyst's board shows the point's report. Screenshots: tests/e2e/out/prices-*.png.
import { join } from 'node:path'
import { startServer } from './server.mjs'
import { SIZES, logIn as logInAs, checkNoUnexpectedErrors, expect, expectFailure, finish, launch, out, root, step } from './harness.mjs'

const server = await startServer(process.argv[2], root)
const browser = await launch()

const logIn = (size, username, password) => logInAs(browser, server, size, username, password)

try {
  for (const size of SIZES) {
    await step(`${size.name}: the board shows the district prices, the level IV shock and who has not reported`, async () => {
      const page = await logIn(size, 'demo-analyst', server.demoPasswords['demo-analyst'])
      await page.goto(server.base + '/prices', { waitUntil: 'networkidle' })
      await page.getByTestId('board-table').getByText('大白菜').first().waitFor()
      await page.getByTestId('level-chinese_cabbage').getByText('Ⅳ级').waitFor()
      await page.getByTestId('board-missing').getByText('珠海街道农贸市场（演示）').waitFor()
      const markers = await page.getByTestId('map').locator('path.leaflet-interactive').count()
      expect(markers === 8, `the map shows ${markers} points, not the demo's 8`)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width <= size.viewport.width, `the page is ${width}px wide at ${size.viewport.width}`)
      await page.screenshot({ path: join(out, `prices-board-${size.name}.png`), fullPage: true })
      await page.close()
    })
  }
  for (const size of SIZES) {
    await step(`${size.name}: a commodity page shows the series, the forecast and its accuracy; live hogs the pig-grain zones`, async () => {
      const page = await logIn(size, 'demo-analyst', server.demoPasswords['demo-analyst'])
      await page.goto(server.base + '/prices', { waitUntil: 'networkidle' })
      await page.getByTestId('commodity-chinese_cabbage').click()
      await page.getByTestId('commodity-title').getByText('大白菜').waitFor()
      await page.locator('[data-testid=commodity-chart] canvas').first().waitFor()
      await page.getByTestId('commodity-accuracy').getByText('MASE').first().waitFor()
      const rows = await page.getByTestId('commodity-forecast').locator('tbody tr').count()
      expect(rows === 7, `the forecast table has ${rows} rows`)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width <= size.viewport.width, `the page is ${width}px wide at ${size.viewport.width}`)
      await page.screenshot({ path: join(out, `prices-commodity-${size.name}.png`), fullPage: true })
      await page.goto(server.base + '/prices/commodities/live_hog', { waitUntil: 'networkidle' })
      await page.getByTestId('pig-grain').getByText('启动临时储备收储').first().waitFor() // the demo's sliding hog price
      await page.screenshot({ path: join(out, `prices-pig-grain-${size.name}.png`), fullPage: true })
      await page.close()
    })
  }
  await step('a clerk reports its point\'s prices and confirms the one far off', async () => {
    const page = await logIn(SIZES[0], 'demo-ent1', server.demoPasswords['demo-ent1'])
    await page.goto(server.base + '/prices/report', { waitUntil: 'networkidle' })
    await page.getByTestId('preport-table').getByText('大白菜').waitFor()
    await page.locator('[data-testid=preport-table][data-loaded=true]').waitFor() // today's stored values prefilled
    const options = await page.evaluate(async () => (await (await fetch('/api/v1/prices/points')).json()).points.length)
    expect(options === 1, `an enterprise sees ${options} points, not only its own`)
    await page.getByTestId('price-potato').fill('abc')
    await page.getByTestId('preport-send').click()
    await page.getByText('请输入金额').waitFor()
    await page.getByTestId('price-potato').fill('2.95')
    await page.getByTestId('price-chinese_cabbage').fill('9.90') // far above the point's recent prices
    await page.getByTestId('preport-send').click()
    expectFailure(409, '/api/v1/prices/reports')
    await page.locator('.el-message-box__btns .el-button--primary').click() // the confirmation
    await page.getByText(/已报送 [12] 条价格/).waitFor() // 2, or 1 when the potato price was already the stored one
    await page.screenshot({ path: join(out, 'prices-report-desktop.png'), fullPage: true })
    await page.close()
  })
  await step('a clerk uploads a file of prices: a bad row is named with its line, a good file is stored after the preview', async () => {
    const page = await logIn(SIZES[0], 'demo-ent1', server.demoPasswords['demo-ent1'])
    await page.goto(server.base + '/prices/report', { waitUntil: 'networkidle' })
    await page.locator('[data-testid=preport-table][data-loaded=true]').waitFor()
    // The point's own potato price of yesterday, sent again for yesterday: plausible by construction.
    const { point, date, yuan } = await page.evaluate(async () => {
      const point = (await (await fetch('/api/v1/prices/points')).json()).points[0].code
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
      const day = await (await fetch(`/api/v1/prices/points/${point}/day?date=${today}`)).json()
      const date = new Date(Date.parse(today + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10)
      return { point, date, yuan: (day.yesterday.potato.price_fen / 100).toFixed(2) }
    })
    await page.getByTestId('preport-upload').click()
    const header = 'point,commodity,date,price_yuan,unit\n'
    const choose = async (name, text) => {
      const chooser = page.waitForEvent('filechooser')
      await page.getByTestId('import-choose').click()
      await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })
    }
    await choose('bad.csv', header + `${point},potato,${date},${yuan},元/公斤\n${point},durian,${date},3.00,元/公斤\n`)
    await page.getByTestId('import-bad').waitFor()
    expectFailure(400, '/api/v1/prices/reports/import')
    await page.locator('.el-dialog .el-table').getByText('没有代码为“durian”的品种').waitFor()
    await page.locator('.el-dialog .el-table').getByText('3', { exact: true }).waitFor() // its line in the file
    await choose('good.csv', header + `${point},potato,${date},${yuan},元/公斤\n`)
    await page.getByTestId('import-ok').waitFor()
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('import-stored').getByText('已报送 1 条价格').waitFor()
    await page.screenshot({ path: join(out, 'prices-upload-desktop.png'), fullPage: true })
    await page.close()
  })
  for (const size of SIZES) {
    await step(`${size.name}: the weekly bulletin shows the week's prices by category, the moves and the warnings`, async () => {
      const page = await logIn(size, 'demo-analyst', server.demoPasswords['demo-analyst'])
      await page.goto(server.base + '/prices/bulletin', { waitUntil: 'networkidle' })
      await page.getByTestId('bulletin-title').getByText('价格周报').waitFor()
      await page.getByTestId('bulletin-table').getByText('大白菜').waitFor()
      await page.getByTestId('bulletin-summary').getByText(/种商品中 \d+ 种上涨/).waitFor()
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width <= size.viewport.width, `the page is ${width}px wide at ${size.viewport.width}`)
      await page.screenshot({ path: join(out, `prices-bulletin-${size.name}.png`), fullPage: true })
      const before = await page.getByTestId('bulletin-title').textContent()
      await page.getByTestId('bulletin-previous').click()
      await page.waitForURL(/week=\d{4}-W\d{2}/)
      await page.waitForFunction((t) => document.querySelector('[data-testid=bulletin-title]')?.textContent !== t, before)
      await page.close()
    })
  }
  await step('the analyst acknowledges the shock\'s alert with a note', async () => {
    const page = await logIn(SIZES[1], 'demo-analyst', server.demoPasswords['demo-analyst'])
    await page.goto(server.base + '/prices/alerts', { waitUntil: 'networkidle' })
    const card = page.getByTestId('alert-card').filter({ hasText: '大白菜' }).first()
    await card.locator('.wcp-badge').getByText(/[ⅣⅢⅡ]级/).waitFor() // IV from the demo's shock, higher if the clerk's report raised the median
    await card.getByText('研判是否启动《青岛市价格异常波动应急预案》').waitFor()
    await card.getByTestId('alert-conditions').getByText(/已持续 \d+ 天/).waitFor() // the plan's duration condition
    await card.getByRole('button', { name: '确认处置' }).click()
    await page.locator('.el-message-box__input input').fill('已联系批发市场核实货源')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByText('已确认').first().waitFor()
    await page.getByTestId('alerts-status').getByText('处置中').click()
    await page.getByTestId('alert-card').filter({ hasText: '已联系批发市场核实货源' }).first().waitFor()
    await page.screenshot({ path: join(out, 'prices-alerts-phone.png'), fullPage: true })
    await page.close()
  })
  await step('the bureau releases pork from the reserve; a release beyond the stock changes nothing', async () => {
    const page = await logIn(SIZES[0], 'demo-analyst', server.demoPasswords['demo-analyst'])
    await page.goto(server.base + '/prices/reserves', { waitUntil: 'networkidle' })
    await page.getByTestId('reserve-stock').getByText('140').waitFor() // 80 t + 60 t of lean pork
    await page.getByTestId('reserve-release').click()
    await page.getByTestId('reserve-warehouse').click()
    await page.getByRole('option', { name: '西海岸冷链物流中心（演示）' }).click()
    await page.getByTestId('reserve-quantity').fill('150000')
    await page.getByTestId('reserve-submit').click()
    await page.getByTestId('reserve-error').getByText('库存不足').waitFor()
    expectFailure(409, '/api/v1/prices/reserves/releases')
    await page.getByTestId('reserve-quantity').fill('30000')
    await page.getByTestId('reserve-submit').click()
    await page.getByTestId('reserve-stock').getByText('110').waitFor()
    await page.screenshot({ path: join(out, 'prices-reserves-desktop.png'), fullPage: true })
    await page.close()
  })
  await step('no console errors, page errors or failed requests', async () => checkNoUnexpectedErrors())
} finally {
  await browser.close()
  server.stop()
}
finish()
