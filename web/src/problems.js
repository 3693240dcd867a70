// Words a problem from the server (RFC 7807 with wcp's `code` and `params`)
// in the UI's language from the message catalog (locales: problems.*,
// fields.*). The English `detail` is the fallback for a code the catalog does
// not know yet, so nothing is ever lost. Pure; unit-tested in tests/api.test.js.

// "[3].level" → { index: 3, name: 'level' }
function splitField(field) {
  const m = /^\[(\d+)\]\.(.*)$/.exec(field || '')
  return m ? { index: Number(m[1]), name: m[2] } : { index: null, name: field || '' }
}

export function fieldLabel({ t, te }, field) {
  const { index, name } = splitField(field)
  const label = te('fields.' + name) ? t('fields.' + name) : name
  return index === null ? label : t('problems.row', { row: index + 1, field: label })
}

export function problemMessage(i18n, problem, status) {
  const { t, te } = i18n
  const code = problem?.code
  const params = { ...(problem?.params || {}), field: fieldLabel(i18n, problem?.field), request_id: problem?.request_id || '' }
  if (code && te('problems.' + code)) return t('problems.' + code, params)
  if (problem?.detail) return problem.detail
  return t('problems.http', { status })
}

// An import row's error ({line, error, field, code, params}) in the UI's language.
// A valid row ('' for it).
export function rowProblemMessage(i18n, row) {
  if (!row.error && !row.code) return ''
  return problemMessage(i18n, { code: row.code, params: row.params, field: row.field, detail: row.error })
}
