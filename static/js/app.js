// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, notification
// banners, skip link). Loaded as a module, so browsers too old for GOV.UK Frontend skip it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
