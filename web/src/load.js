// A page's first load: a failure is shown with a retry, never as a blank or
// half-drawn page. `fetcher` fills the page's refs and throws on failure
// (api() throws ApiError); it runs on mount and again on retry.
import { onMounted, ref } from 'vue'

export function usePageLoad(fetcher) {
  const loading = ref(true)
  const failed = ref(null) // the error of the last attempt, null when it succeeded
  async function reload() {
    loading.value = true
    failed.value = null
    try {
      await fetcher()
    } catch (e) {
      failed.value = e
    } finally {
      loading.value = false
    }
  }
  onMounted(reload)
  return { loading, failed, reload }
}
