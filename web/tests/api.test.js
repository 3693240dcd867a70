import { describe, expect, it, vi, afterEach } from 'vitest'
import { api, ApiError, setCsrfToken } from '../src/api.js'
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'

// Read the raw files: imported through Vite they are precompiled to message ASTs.
const locale = (name) => JSON.parse(readFileSync(resolve(__dirname, '../src/locales', name), 'utf8'))
const zh = locale('zh-CN.json')
const en = locale('en.json')

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, prefix + k + '.') : [prefix + k]))
}

afterEach(() => vi.unstubAllGlobals())

describe('api', () => {
  it('turns an RFC 7807 problem into an ApiError naming the field', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 400, detail: 'bad level', field: 'level' }), { status: 400 })))
    const err = await api('/api/v1/x', { method: 'POST', body: {} }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(400)
    expect(err.field).toBe('level')
    expect(err.message).toBe('bad level')
  })

  it('words a problem in the UI language from its code, params and field', async () => {
    const { i18n } = await import('../src/i18n.js')
    i18n.global.locale.value = 'zh-CN'
    const problem = { status: 400, detail: "'yoy_growth' must be a decimal number, got '3.5%'", field: '[2].yoy_growth',
      code: 'not-a-decimal', params: { value: '3.5%' } }
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(problem), { status: 400 })))
    const err = await api('/api/v1/x', { method: 'POST', body: {} }).catch((e) => e)
    expect(err.message).toBe('第 3 条的同比增速须为数字，收到“3.5%”')
    expect(err.code).toBe('not-a-decimal')
    i18n.global.locale.value = 'en'
    const again = await api('/api/v1/x', { method: 'POST', body: {} }).catch((e) => e)
    expect(again.message).toBe("YoY growth of entry 3 must be a number, got '3.5%'")
    // A code the catalog does not know falls back to the English detail.
    const unknown = { status: 409, detail: 'observation is not a draft', code: 'something-new' }
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(unknown), { status: 409 })))
    expect((await api('/a', { method: 'POST', body: {} }).catch((e) => e)).message).toBe('observation is not a draft')
    i18n.global.locale.value = 'zh-CN'
  })

  it('sends the CSRF token on writes only', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    setCsrfToken('tok')
    await api('/a')
    await api('/b', { method: 'POST', body: {} })
    expect(fetch.mock.calls[0][1].headers['X-CSRF-Token']).toBeUndefined()
    expect(fetch.mock.calls[1][1].headers['X-CSRF-Token']).toBe('tok')
  })
})

describe('locales', () => {
  it('Chinese and English have the same keys in the shell', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort())
  })
  const moduleDir = resolve(__dirname, '../src/modules')
  const names = readdirSync(moduleDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  it('finds the modules', () => expect(names).toEqual(expect.arrayContaining(['indicators', 'places'])))
  for (const name of names) {
    it(`Chinese and English have the same keys in module ${name}`, () => {
      const read = (f) => JSON.parse(readFileSync(resolve(moduleDir, name, 'locales', f), 'utf8'))
      expect(keys(read('zh-CN.json')).sort()).toEqual(keys(read('en.json')).sort())
    })
    it(`module ${name} adds keys without overriding the shell's`, () => {
      const own = keys(JSON.parse(readFileSync(resolve(moduleDir, name, 'locales', 'en.json'), 'utf8')))
      const shell = new Set(keys(en))
      expect(own.filter((k) => shell.has(k))).toEqual([])
    })
  }
})
