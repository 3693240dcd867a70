// A page's first load: a failure is shown with a retry, never as a blank or
// half-drawn page. `fetcher` fills the page's refs and throws on failure
// (api() throws ApiError); it runs on mount and again on retry.
import { onMounted, ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'

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

// A write from a page: on success its message and the page's reload; on
// failure the problem (already worded by api()) in `error`, a ref the page shows.
export async function perform(write, success, reload, error) {
  error.value = ''
  try {
    await write()
    ElMessage.success(success)
    await reload()
  } catch (e) {
    error.value = e.message
  }
}

// Asks for a text (a reason, a note) in a dialog; null when cancelled.
export async function askText(message, title, requiredMessage = '') {
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      inputValidator: (v) => !requiredMessage || !!(v && v.trim()) || requiredMessage,
    })
    return value ?? ''
  } catch {
    return null
  }
}
