// What the Chromium end-to-end tests share: the browser, steps that report
// TAP-like lines and count failures, and the collection of console errors,
// page errors and failed requests (any that a step did not provoke on
// purpose fails the run).
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const out = join(root, 'tests/e2e/out')
mkdirSync(out, { recursive: true })
const require = createRequire(join(root, 'web/package.json'))
const { chromium } = require('playwright-core')

export const results = { passed: 0, failed: 0 }
export const errors = []
const expected = [] // failures a step provokes on purpose: { status, path }

export function expectFailure(status, path) {
  expected.push({ status, path })
}

export async function step(name, fn) {
  try {
    await fn()
    results.passed++
    console.log(`ok - ${name}`)
  } catch (e) {
    results.failed++
    console.log(`not ok - ${name}: ${e.message}`)
  }
}

export function expect(cond, msg) {
  if (!cond) throw new Error(msg)
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

// Records the page's console errors, page errors and failed requests under `who`.
export function watch(page, who = '') {
  const tag = who ? `${who} ` : ''
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${tag}console: ${m.text()}`) })
  page.on('pageerror', (e) => errors.push(`${tag}pageerror: ${e}`))
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`) })
  return page
}

// Fails unless every error collected was provoked on purpose (a request and
// its console line each, whenever their events arrived).
export function checkNoUnexpectedErrors() {
  for (const { status, path } of expected) {
    const req = errors.findIndex((e) => e.startsWith(`${status} `) && e.includes(path))
    if (req >= 0) errors.splice(req, 1)
    const con = errors.findIndex((e) => e.includes('console:') && e.includes(`status of ${status}`))
    if (con >= 0) errors.splice(con, 1)
  }
  expect(errors.length === 0, errors.join(' | '))
}

// The two sizes every walk runs at.
export const SIZES = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
]

// A new page of `size`, signed in as `username`, on the home page.
export async function logIn(browser, server, size, username, password) {
  const page = watch(await browser.newPage({ viewport: size.viewport, isMobile: size.isMobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }),
    `${username}@${size.name}`)
  await page.goto(server.base + '/login', { waitUntil: 'networkidle' })
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('home-title').waitFor()
  return page
}

export function finish() {
  console.log(`${results.passed} passed, ${results.failed} failed`)
  process.exit(results.failed === 0 ? 0 : 1)
}
