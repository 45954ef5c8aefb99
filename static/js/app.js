// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, notification
// banners, skip link). Loaded as a module, so browsers too old for GOV.UK Frontend skip it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// Signed out: the registers a supervisor's phone kept for working without signal go too.
if (document.body.hasAttribute("data-signed-out") && "caches" in window) {
  window.caches.delete("upw-registers");
}
