import { defineStore } from 'pinia'
import { api, setCsrfToken } from '../api.js'

export const useSession = defineStore('session', {
  state: () => ({ user: null, checked: false }),
  getters: {
    loggedIn: (s) => !!s.user,
    isAdmin: (s) => s.user?.role === 'admin',
  },
  actions: {
    async refresh() {
      try {
        const me = await api('/api/v1/auth/session')
        setCsrfToken(me.csrf_token)
        this.user = me.authenticated ? me : null
      } catch {
        this.user = null
      }
      this.checked = true
    },
    async login(username, password) {
      const r = await api('/api/v1/auth/login', { method: 'POST', body: { username, password } })
      setCsrfToken(r.csrf_token)
      this.user = r.user
    },
    async logout() {
      try {
        await api('/api/v1/auth/logout', { method: 'POST' })
      } finally {
        setCsrfToken('')
        this.user = null
      }
    },
  },
})
