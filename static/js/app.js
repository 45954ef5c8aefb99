// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, notification
// banners, skip link). Loaded as a module, so browsers too old for GOV.UK Frontend skip it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// Signing out takes the registers a supervisor's phone kept for working without signal off it too.
// The form waits for that, so the copies are gone before the next person picks the phone up.
const signOut = document.querySelector("form[data-sign-out]");
if (signOut && "caches" in window) {
  signOut.addEventListener("submit", (event) => {
    if (signOut.dataset.cleared) return;
    event.preventDefault();
    window.caches
      .delete("upw-registers")
      .catch(() => {})
      .finally(() => {
        signOut.dataset.cleared = "1";
        signOut.requestSubmit();
      });
  });
}
