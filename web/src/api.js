// The only place the UI talks to the server. Errors are RFC 7807 problems;
// they are thrown as ApiError whose message is the problem worded in the
// UI's language (problems.js), with the field and the problem itself.
import { i18n } from './i18n.js'
import { problemMessage } from './problems.js'

export class ApiError extends Error {
  constructor(problem, status) {
    super(problemMessage(i18n.global, problem, status))
    this.status = status
    this.field = problem?.field
    this.code = problem?.code
    this.problem = problem
  }
}

let csrfToken = ''
export function setCsrfToken(token) {
  csrfToken = token || ''
}

// Headers a cookie-authenticated write needs (for requests not made through api()).
export function csrfHeaders() {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {}
}

export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) {
    let problem = null
    try {
      problem = await res.json()
    } catch {
      problem = null
    }
    throw new ApiError(problem, res.status)
  }
  if (raw) return res
  return res.status === 204 ? null : res.json()
}
