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
      { path: 'admin/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { admin: true } },
      { path: 'admin/enterprises', name: 'enterprises', component: () => import('./views/EnterprisesView.vue') },
      { path: 'admin/keys', name: 'keys', component: () => import('./views/KeysView.vue') },
      { path: 'admin/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { admin: true } },
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
    if (to.meta.admin && !session.isAdmin) return { name: 'home' }
    return true
  })
  return router
}
