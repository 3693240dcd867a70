// Words the evaluation's messages — flags, entry warnings and the summary,
// which the server sends as {type, params} — in the UI's language, from the
// module's catalog (locales/*.json, indicators.msg.*). Numbers arrive as
// numbers and growth rates as fractions; they are formatted here. The
// server's own prose (modules/indicators/messages.cpp) is for reports and
// API users only. Pure; unit-tested in web/tests/messages.test.js.
import { pct, fmtLevel, quantity } from '../../format.js'

const FORMATS = {
  implied: (v) => (v * 100).toFixed(2) + '%', // 8.95% against a stated 9%: two decimals
  yoy: pct,
  actual_cagr: pct,
  required_cagr: pct,
  required: pct,
  level: fmtLevel,
  sum: fmtLevel,
  total: fmtLevel,
  stated_pct: fmtLevel,
  z: (v) => v.toFixed(1),
}

function params(t, msg, indicator, lang, name) {
  const out = { name: name ?? indicator?.name?.[lang] ?? '', unit: indicator?.unit?.[lang] ?? '' }
  for (const [key, value] of Object.entries(msg.params || {})) out[key] = FORMATS[key] ? FORMATS[key](value) : value
  if (out.level !== undefined) out.quantity = quantity(out.level, out.unit, lang)
  if (msg.params?.part) out.part = t('indicators.msg.part.' + msg.params.part)
  if (msg.params?.op) out.op = t('indicators.msg.op.' + msg.params.op)
  if (msg.type === 'needs_remaining') out.span = msg.params.from === msg.params.to ? `${msg.params.to}` : `${msg.params.from}–${msg.params.to}`
  return out
}

function key(msg) {
  if (msg.type === 'vs_required') return msg.params.behind ? 'vs_required_behind' : 'vs_required_ahead'
  return msg.type
}

// One message as text; an unknown type falls back to the server's English.
// `name`: how to call the indicator (default its own name; a report names a
// part with its whole, displayName).
export function messageText(t, te, msg, indicator, lang, name) {
  const k = 'indicators.msg.' + key(msg)
  if (!te(k)) return msg.message || msg.type
  return t(k, params(t, msg, indicator, lang, name))
}

// The summary parts joined into one sentence ('' when there is none).
export function summaryText(t, te, evaluation, indicator, lang, name) {
  return (evaluation?.summary || []).map((part) => messageText(t, te, part, indicator, lang, name)).join('')
}

// The kinds of statistical release an observation comes from. The stored value
// is the bureau's own term (data, as published); the UI names it in the
// reader's language, and shows any other stored text as it is.
export const RELEASES = ['月报', '季报', '年报', '统计公报', '普查修订']
export function releaseLabel(t, te, value) {
  const i = RELEASES.indexOf(value)
  return i >= 0 && te('indicators.releases.r' + i) ? t('indicators.releases.r' + i) : value
}

// An indicator's name for a table read on its own: a part is named with its
// whole ("货物进出口总额 其中：出口额"); `byCode` maps codes to indicators. The
// server's DisplayName (messages.cpp) words the workbook the same way.
export function displayName(indicator, byCode, lang) {
  const parent = indicator.parent_code ? byCode[indicator.parent_code] : null
  if (!parent) return indicator.name[lang]
  if (lang === 'en') return `${parent.name.en}: ${indicator.name.en}`
  return `${parent.name.zh} 其中：${indicator.name.zh.replace(/^其中：?/, '')}`
}

// The decimals an indicator's values are published with: the most its plan
// base and target show; amounts keep at least one, counts none (PublishedDecimals).
export function publishedDecimals(indicator) {
  const places = [indicator.base?.value, indicator.target?.value]
    .filter((v) => v !== null && v !== undefined)
    .map((v) => (String(v).split('.')[1] || '').length)
  const most = Math.max(0, ...places)
  return ['个', '家', '处'].includes(indicator.unit?.zh) ? most : Math.max(most, 1)
}

// A level as published: grouped thousands, the indicator's decimals; '—' for none.
export function publishedLevel(value, indicator) {
  if (value === null || value === undefined) return '—'
  const d = publishedDecimals(indicator)
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
// A canonical period as people write it (core/date.cpp Period::Label):
// "2025-YTD10" → 2025年1–10月 / Jan–Oct 2025; "2024-Q1" → 2024年第1季度 / Q1 2024;
// "2024-03" → 2024年3月 / Mar 2024; others as they are.
export function periodLabel(period, lang) {
  const zh = lang !== 'en'
  let m = /^(\d{4})-YTD(\d{2})$/.exec(period)
  if (m) return zh ? `${m[1]}年1–${Number(m[2])}月` : `Jan–${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}`
  m = /^(\d{4})-Q([1-4])$/.exec(period)
  if (m) return zh ? `${m[1]}年第${m[2]}季度` : `Q${m[2]} ${m[1]}`
  m = /^(\d{4})-(\d{2})$/.exec(period)
  if (m) return zh ? `${m[1]}年${Number(m[2])}月` : `${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}`
  return period
}
