// End-to-end: each persona's main path, on a desktop (1440×900) and on a
// phone (390×844), in Chromium: an analyst enters a value, a second analyst
// approves it from the review inbox, an enterprise clerk sends its overdue
// monthly report from the home page's task, an administrator issues an API
// key. Screenshots of every stop go to tests/e2e/out/persona-*.png.
import { join } from 'node:path'
import { startServer } from './server.mjs'
import { SIZES, logIn as logInAs, checkNoUnexpectedErrors, expect, finish, launch, out, root, step } from './harness.mjs'

const wcp = process.argv[2]
const server = await startServer(wcp, root)
const browser = await launch()


const logIn = (size, username, password) => logInAs(browser, server, size, username, password)

// Opens a menu entry: from the sidebar, or on a phone from the drawer.
async function openMenu(page, size, testid, group) {
  const menu = size.isMobile ? page.getByTestId('menu-drawer') : page
  if (size.isMobile) await page.getByTestId('menu-button').click()
  if (group) await menu.getByText(group).click()
  await menu.getByTestId(testid).click()
  if (size.isMobile) await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' })
}

async function fitsTheScreen(page, size) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width <= size.viewport.width, `the page is ${width}px wide at ${size.viewport.width}`)
}

const shot = (page, name) => page.screenshot({ path: join(out, `persona-${name}.png`), fullPage: true })

try {
  for (const size of SIZES) {
    // Each size enters its own indicator, so the approval below finds it.
    const indicator = size.isMobile ? 'catering_above_size' : 'retail_sales'
    await step(`${size.name}: an analyst enters a year's value`, async () => {
      const page = await logIn(size, 'demo-analyst', server.demoPasswords['demo-analyst'])
      await openMenu(page, size, 'nav-entry')
      await page.getByTestId('period-table').waitFor()
      await page.getByTestId('period-text').locator('input').fill('2026')
      await page.keyboard.press('Enter')
      await page.getByTestId('level-' + indicator).fill('1234.5')
      await page.getByTestId('period-submit').click()
      await page.getByTestId('period-stored').getByText('已提交 1 条').waitFor()
      await shot(page, `analyst-entry-${size.name}`)
      await page.close()
    })
    await step(`${size.name}: a second analyst approves it from the review inbox`, async () => {
      const page = await logIn(size, 'demo-analyst2', server.demoPasswords['demo-analyst2'])
      if (size.isMobile) await page.getByTestId('menu-button').click()
      const menu = size.isMobile ? page.getByTestId('menu-drawer') : page
      const before = Number(await menu.getByTestId('nav-review-count').textContent())
      expect(before > 0, 'the inbox count is missing')
      if (size.isMobile) await page.keyboard.press('Escape')
      await openMenu(page, size, 'nav-review')
      await page.getByTestId('review-table').waitFor()
      await fitsTheScreen(page, size)
      await shot(page, `approver-inbox-${size.name}`)
      const row = page.locator('[data-testid=review-table] tbody tr', { hasText: '1234.5' }).first()
      await row.getByText('通过').click()
      await page.locator('.el-message-box__btns .el-button--primary').click() // approval is irreversible: it asks
      await page.getByText('已审核通过 1 条').waitFor()
      await page.close()
    })
    await step(`${size.name}: an enterprise clerk sends the overdue monthly report from its task`, async () => {
      // Every third demo enterprise has not reported its latest month.
      const clerk = size.isMobile ? 'demo-ent6' : 'demo-ent3'
      const page = await logIn(size, clerk, server.demoPasswords[clerk])
      await page.getByTestId('tasks-open').waitFor()
      for (const hidden of ['nav-entry', 'nav-users', 'nav-audit', 'nav-review']) {
        expect((await page.getByTestId(hidden).count()) === 0, `${hidden} is offered to an enterprise user`)
      }
      await fitsTheScreen(page, size)
      await shot(page, `enterprise-home-${size.name}`)
      const task = page.getByTestId('tasks-open').locator('.wcp-task').first()
      expect((await task.textContent()).includes('已逾期'), `the first task is not overdue: ${await task.textContent()}`)
      await task.getByRole('button').click()
      await page.getByTestId('ereport-sales').fill('1234.5')
      await page.getByTestId('ereport-last-year').fill('1100')
      await page.getByTestId('ereport-growth').getByText('12.2%').waitFor() // 1234.5 / 1100 − 1
      await fitsTheScreen(page, size)
      await shot(page, `enterprise-form-${size.name}`)
      await page.getByTestId('ereport-send').click()
      await page.getByTestId('ereport-table').getByText('待审核').first().waitFor()
      await openMenu(page, size, 'nav-home')
      await page.getByTestId('tasks-done').getByText('待审核').first().waitFor()
      // What an enterprise sees of the plan's indicators is approved values only, without staff names.
      const detail = await page.evaluate(async () => (await fetch('/api/v1/indicators/retail_sales')).json())
      expect(detail.observations.every((o) => o.state === 'approved' && !('submitted_by' in o)), 'an enterprise sees workflow details')
      await page.close()
    })
    await step(`${size.name}: an administrator issues an API key`, async () => {
      const page = await logIn(size, 'admin', server.adminPassword)
      await openMenu(page, size, 'nav-keys', '系统管理')
      await page.getByLabel('密钥名称').fill('erp-' + size.name)
      await page.getByLabel('企业', { exact: true }).first().click()
      await page.locator('.el-select-dropdown__item:visible').first().click()
      await page.getByTestId('key-permissions').click()
      await page.getByRole('option', { name: 'indicators:report' }).click()
      await page.keyboard.press('Escape')
      await page.getByTestId('key-create').click()
      const key = (await page.getByTestId('new-key').textContent()).trim()
      expect(key.startsWith('wcpk_'), `no key shown: ${key}`)
      await fitsTheScreen(page, size)
      await shot(page, `admin-key-${size.name}`)
      await page.close()
    })
  }
  await step('no console errors, page errors or failed requests', async () => checkNoUnexpectedErrors())
} finally {
  await browser.close()
  server.stop()
}
finish()
