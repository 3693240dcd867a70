// The served OpenAPI document is valid OpenAPI 3.1 by a standard validator
// (@seriousme/openapi-schema-validator), and real answers of the running
// server match the schemas it declares for them (ajv, JSON Schema 2020-12):
// every parameterless GET route, the parameterised ones with real values,
// and a few writes. An answer whose status the document does not declare
// fails too.
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(root, 'web/package.json'))
const { Validator } = await import(require.resolve('@seriousme/openapi-schema-validator'))
const Ajv2020 = require('ajv/dist/2020').default

const server = await startServer(process.argv[2], root)
let failed = 0
let checked = 0
const report = (ok, text) => {
  if (!ok) failed++
  console.log(`${ok ? 'ok' : 'not ok'} - ${text}`)
}

try {
  const doc = await (await fetch(server.base + '/api/v1/openapi.json')).json()
  const validator = new Validator()
  const res = await validator.validate(doc)
  report(res.valid, res.valid ? `the document is valid OpenAPI ${validator.version} (${Object.keys(doc.paths).length} paths)`
    : 'the document is not valid OpenAPI: ' + JSON.stringify(res.errors).slice(0, 2000))

  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
  // Checks one real answer of `method pattern` against the declared schema.
  async function check(method, pattern, url, { token, body, type = 'application/json' } = {}) {
    const headers = {}
    if (token) headers.authorization = 'Bearer ' + token
    if (body !== undefined) headers['content-type'] = type
    const r = await fetch(server.base + url, { method, headers, body: typeof body === 'string' ? body : body && JSON.stringify(body) })
    const op = doc.paths[pattern]?.[method.toLowerCase()]
    if (!op) return report(false, `${method} ${pattern} is not in the document`)
    const declared = op.responses[String(r.status)] ?? (r.status >= 400 ? op.responses.default : undefined)
    if (!declared) return report(false, `${method} ${url}: status ${r.status} is not declared`)
    const contentType = (r.headers.get('content-type') || '').split(';')[0]
    const media = declared.content?.[contentType]
    if (!media) return report(false, `${method} ${url}: ${r.status} ${contentType} is not declared (${Object.keys(declared.content || {})})`)
    if (!contentType.endsWith('json')) return report(true, `${method} ${url}: ${r.status} ${contentType} as declared`)
    const validate = ajv.compile({ ...media.schema, components: doc.components })
    const data = await r.json()
    checked++
    report(validate(data), `${method} ${url}: ${r.status} matches its schema` +
      (validate.errors ? ' — ' + JSON.stringify(validate.errors.slice(0, 3)) : ''))
    return data
  }

  const login = await check('POST', '/api/v1/auth/login', '/api/v1/auth/login', { body: { username: 'admin', password: server.adminPassword } })
  const token = login.token
  // The check can fail: a copy of that answer with a wrong role, or without its user, does not match.
  const loginSchema = ajv.compile({ ...doc.paths['/api/v1/auth/login'].post.responses['200'].content['application/json'].schema, components: doc.components })
  const badRole = { ...login, user: { ...login.user, role: 'root' } }
  const noUser = { ...login }
  delete noUser.user
  report(!loginSchema(badRole) && !loginSchema(noUser), 'answers that break the schema are refused (wrong role, missing member)')
  await check('POST', '/api/v1/auth/login', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password-1' } })
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!ops.get || path.includes('{') || path.startsWith('/ledger/')) continue
    if (path === '/api/v1/ledger/proofs/inclusion' || path === '/api/v1/ledger/proofs/consistency') continue
    await check('GET', path, path, { token })
  }
  const status = await check('GET', '/api/v1/ledger/status', '/api/v1/ledger/status')
  await check('GET', '/api/v1/ledger/proofs/inclusion', `/api/v1/ledger/proofs/inclusion?index=0&size=${status.size}`)
  await check('GET', '/api/v1/ledger/proofs/consistency', `/api/v1/ledger/proofs/consistency?from=1&to=${status.size}`)
  await check('GET', '/api/v1/ledger/proofs/inclusion', '/api/v1/ledger/proofs/inclusion?index=x&size=1')
  await check('GET', '/ledger/checkpoint', '/ledger/checkpoint')
  await check('GET', '/api/v1/indicators/{code}', '/api/v1/indicators/retail_sales?as_of=2023', { token })
  await check('GET', '/api/v1/indicators/{code}', '/api/v1/indicators/goods_exports?limit=2', { token })
  await check('GET', '/api/v1/indicators/{code}', '/api/v1/indicators/nope', { token })
  await check('GET', '/api/v1/places/{kind}', '/api/v1/places/crossborder-nodes', { token })
  await check('GET', '/api/v1/reports/indicators.xlsx', '/api/v1/reports/indicators.xlsx?as_of=2023', { token })
  await check('POST', '/api/v1/ledger/audit', '/api/v1/ledger/audit', { token })
  const analyst = (await check('POST', '/api/v1/auth/login', '/api/v1/auth/login',
    { body: { username: 'demo-analyst', password: server.demoPasswords['demo-analyst'] } })).token
  const submitted = await check('POST', '/api/v1/indicators/{code}/observations', '/api/v1/indicators/retail_sales/observations',
    { token: analyst, body: { period: '2025-Q3', period_type: 'quarter', level: '350.5', yoy_growth: '0.9', source: 'e2e' } })
  const csv = 'indicator,period,period_type,level\nretail_sales,2019,year,1000\n'
  await check('POST', '/api/v1/indicators/import', '/api/v1/indicators/import?dry_run=true', { token: analyst, body: csv, type: 'text/csv' })
  await check('POST', '/api/v1/indicators/import', '/api/v1/indicators/import', { token: analyst, body: 'indicator,period\nnope,2019\n', type: 'text/csv' })
  const id = submitted.observations[0].id
  await check('POST', '/api/v1/indicators/observations/{id}/approve', `/api/v1/indicators/observations/${id}/approve`, { token })
  // The approval reaches a checkpoint within the sequencer's interval: wait for its receipt.
  let receiptResponse
  for (let i = 0; i < 100; i++) {
    receiptResponse = await fetch(`${server.base}/api/v1/ledger/receipts/indicator_observation/${id}`)
    if (receiptResponse.status === 200) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const receipt = await receiptResponse.text()
  await check('GET', '/api/v1/ledger/receipts/{kind}/{id}', `/api/v1/ledger/receipts/indicator_observation/${id}?format=json`)
  await check('GET', '/api/v1/admin/audit', '/api/v1/admin/audit?format=csv', { token })
  await check('POST', '/api/v1/ledger/verify-receipt', '/api/v1/ledger/verify-receipt', { body: receipt, type: 'text/plain' })
  await check('POST', '/api/v1/ledger/verify-receipt', '/api/v1/ledger/verify-receipt', { body: 'not a receipt', type: 'text/plain' })
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const price = (fen) => [{ point: 'demo-fm-3', commodity: 'potato', date: today, price_fen: fen, unit: '元/公斤' }]
  await check('POST', '/api/v1/prices/reports', '/api/v1/prices/reports', { token: analyst, body: price(310) })
  await check('POST', '/api/v1/prices/reports', '/api/v1/prices/reports', { token: analyst, body: price(0) })
  await check('POST', '/api/v1/prices/reports', '/api/v1/prices/reports', { token: analyst, body: price(99900) })
  const file = `point,commodity,date,price_yuan,unit\ndemo-fm-3,tomato,${today},7.20,元/公斤\n`
  await check('POST', '/api/v1/prices/reports/import', '/api/v1/prices/reports/import?dry_run=true', { token: analyst, body: file, type: 'text/csv' })
  await check('GET', '/api/v1/prices/bulletin', '/api/v1/prices/bulletin?week=2026-W01', { token: analyst })
  await check('GET', '/api/v1/prices/bulletin', '/api/v1/prices/bulletin?week=2026-W99', { token: analyst })
  await check('POST', '/api/v1/prices/analysis/ifpa', '/api/v1/prices/analysis/ifpa',
    { token, body: { start: '2020-01', prices: Array.from({ length: 72 }, (_, i) => 10 + (i % 12) / 10 + i / 50) } })
  await check('POST', '/api/v1/prices/analysis/pig-grain', '/api/v1/prices/analysis/pig-grain',
    { token, body: { weeks: [{ week: '2023-W03', hog_price: 14.2, corn_price: 2.9 }] } })
  report(checked >= 25, `${checked} JSON answers checked against their schemas`)
} finally {
  server.stop()
}
process.exit(failed ? 1 : 0)
