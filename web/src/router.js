import { watch } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import { i18n } from './i18n.js'
import { useSession } from './stores/session.js'
import { modules } from './modules/index.js'
import MainLayout from './components/MainLayout.vue'

// The shell's pages; each module adds its own from src/modules/<name>/index.js.
export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: MainLayout, // every signed-in page: in the entry, not a second round trip
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: 'nav.home' } },
      ...modules.flatMap((m) => m.routes),
      { path: 'ledger', name: 'ledger', component: () => import('./views/LedgerView.vue'), meta: { title: 'nav.ledger' } },
      { path: 'admin/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: 'nav.users', requires: 'GET /api/v1/admin/users' } },
      { path: 'admin/enterprises', name: 'enterprises', component: () => import('./views/EnterprisesView.vue'), meta: { title: 'nav.enterprises', requires: 'GET /api/v1/admin/enterprises' } },
      { path: 'admin/keys', name: 'keys', component: () => import('./views/KeysView.vue'), meta: { title: 'nav.keys', requires: 'GET /api/v1/admin/api-keys' } },
      { path: 'admin/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: 'nav.audit', requires: 'GET /api/v1/admin/audit' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

// Each page names itself in the browser's title, in the UI's language
// (meta.title, a message key; a page may refine it, e.g. with an indicator's name).
export function pageTitle(route) {
  const app = i18n.global.t('app.shortTitle')
  return route.meta?.title ? `${i18n.global.t(route.meta.title)} · ${app}` : app
}

export function makeRouter(history = createWebHistory()) {
  const router = createRouter({ history, routes })
  router.afterEach((to) => {
    document.title = pageTitle(to)
  })
  watch(i18n.global.locale, () => {
    document.title = pageTitle(router.currentRoute.value)
  })
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
