import { defineStore } from 'pinia'
import { api, setCsrfToken } from '../api.js'

export const useSession = defineStore('session', {
  // capabilities: "METHOD /route/pattern" the server lets this user call
  // (GET /api/v1/auth/session); the UI shows only what will not end in a 403.
  // countsTick: bumped by a page whose action changes a menu count (the inbox).
  state: () => ({ user: null, checked: false, capabilities: [], demo: false, countsTick: 0 }),
  getters: {
    loggedIn: (s) => !!s.user,
    isAdmin: (s) => s.user?.role === 'admin',
    can: (s) => (what) => s.capabilities.includes(what),
  },
  actions: {
    async refresh() {
      try {
        const me = await api('/api/v1/auth/session')
        setCsrfToken(me.csrf_token)
        this.user = me.authenticated ? me : null
        this.capabilities = me.capabilities || []
        this.demo = !!me.demo
      } catch {
        this.user = null
      }
      this.checked = true
    },
    async login(username, password) {
      const r = await api('/api/v1/auth/login', { method: 'POST', body: { username, password } })
      setCsrfToken(r.csrf_token)
      this.user = r.user
      await this.refresh() // capabilities and the demo flag come with the session
    },
    async logout() {
      try {
        await api('/api/v1/auth/logout', { method: 'POST' })
      } finally {
        setCsrfToken('')
        this.user = null
        this.capabilities = []
      }
    },
  },
})
