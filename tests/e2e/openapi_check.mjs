// The served OpenAPI document is valid OpenAPI 3.1 by a standard validator
// (@seriousme/openapi-schema-validator), and real problem responses have the
// fields its Problem schema declares.
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(root, 'web/package.json'))
const { Validator } = await import(require.resolve('@seriousme/openapi-schema-validator'))

const server = await startServer(process.argv[2], root)
let failed = 0
try {
  const doc = await (await fetch(server.base + '/api/v1/openapi.json')).json()
  const validator = new Validator()
  const res = await validator.validate(doc)
  if (res.valid) {
    console.log(`ok - the document is valid OpenAPI ${validator.version} (${Object.keys(doc.paths).length} paths)`)
  } else {
    failed++
    console.log('not ok - the document is not valid OpenAPI:', JSON.stringify(res.errors).slice(0, 2000))
  }
  const problem = doc.components.schemas.Problem
  for (const [path, want] of [['/api/v1/indicators', 401], ['/api/v1/no-such-thing', 404]]) {
    const r = await fetch(server.base + path)
    const body = await r.json()
    const missing = problem.required.filter((k) => !(k in body))
    const wrong = Object.entries(body).filter(([k, v]) => problem.properties[k] && typeof v !== (problem.properties[k].type === 'integer' ? 'number' : 'string'))
    if (r.status !== want || missing.length || wrong.length || r.headers.get('content-type') !== 'application/problem+json') {
      failed++
      console.log(`not ok - ${path}: status ${r.status}, missing ${missing}, wrong ${JSON.stringify(wrong)}`)
    } else {
      console.log(`ok - ${path} answers a problem that matches the declared schema`)
    }
  }
} finally {
  server.stop()
}
process.exit(failed ? 1 : 0)
