/**
 * The one way a route reads a posted form. It reads a clone, so the request's own body stays unread
 * and the page may still rewrite to /404 afterwards (Astro refuses a rewrite once the body is used:
 * a POST to an unknown id was a 500). A body that is not a form reads as an empty form, which each
 * form's validation then refuses by field. NUL and control characters never get this far: the
 * middleware refuses them for every form (src/server/control-characters.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.clone().formData();
  } catch {
    return new FormData();
  }
}
