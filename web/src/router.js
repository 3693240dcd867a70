import { createRouter, createWebHistory } from 'vue-router'
import { useSession } from './stores/session.js'
import { modules } from './modules/index.js'

// The shell's pages; each module adds its own from src/modules/<name>/index.js.
export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./components/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue') },
      ...modules.flatMap((m) => m.routes),
      { path: 'ledger', name: 'ledger', component: () => import('./views/LedgerView.vue') },
      { path: 'admin/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { requires: 'GET /api/v1/admin/users' } },
      { path: 'admin/enterprises', name: 'enterprises', component: () => import('./views/EnterprisesView.vue'), meta: { requires: 'GET /api/v1/admin/enterprises' } },
      { path: 'admin/keys', name: 'keys', component: () => import('./views/KeysView.vue'), meta: { requires: 'GET /api/v1/admin/api-keys' } },
      { path: 'admin/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { requires: 'GET /api/v1/admin/audit' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function makeRouter(history = createWebHistory()) {
  const router = createRouter({ history, routes })
  router.beforeEach(async (to) => {
    const session = useSession()
    if (!session.checked) await session.refresh()
    if (!to.meta.public && !session.loggedIn) return { name: 'login', query: { next: to.fullPath } }
    // A page whose data the user may not read is not offered (capabilities).
    if (to.meta.requires && !session.can(to.meta.requires)) return { name: 'home' }
    return true
  })
  return router
}
