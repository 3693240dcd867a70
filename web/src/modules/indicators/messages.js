// Words the evaluation's messages — flags, entry warnings and the summary,
// which the server sends as {type, params} — in the UI's language, from the
// module's catalog (locales/*.json, indicators.msg.*). Numbers arrive as
// numbers and growth rates as fractions; they are formatted here. The
// server's own prose (modules/indicators/messages.cpp) is for reports and
// API users only. Pure; unit-tested in web/tests/messages.test.js.
import { pct, fmtLevel } from '../../format.js'

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

function params(t, msg, indicator, lang) {
  const out = { name: indicator?.name?.[lang] ?? '', unit: indicator?.unit?.[lang] ?? '' }
  for (const [key, value] of Object.entries(msg.params || {})) out[key] = FORMATS[key] ? FORMATS[key](value) : value
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
export function messageText(t, te, msg, indicator, lang) {
  const k = 'indicators.msg.' + key(msg)
  if (!te(k)) return msg.message || msg.type
  return t(k, params(t, msg, indicator, lang))
}

// The summary parts joined into one sentence ('' when there is none).
export function summaryText(t, te, evaluation, indicator, lang) {
  return (evaluation?.summary || []).map((part) => messageText(t, te, part, indicator, lang)).join('')
}

// The kinds of statistical release an observation comes from. The stored value
// is the bureau's own term (data, as published); the UI names it in the
// reader's language, and shows any other stored text as it is.
export const RELEASES = ['月报', '季报', '年报', '统计公报', '普查修订']
export function releaseLabel(t, te, value) {
  const i = RELEASES.indexOf(value)
  return i >= 0 && te('indicators.releases.r' + i) ? t('indicators.releases.r' + i) : value
}
