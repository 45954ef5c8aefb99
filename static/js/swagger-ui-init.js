/* Starts Swagger UI on /api/docs, as django-ninja's own swagger-ui-init.js does (a file, not an
   inline script, for the Content Security Policy), with two changes for accessibility:
   - no deep links: they put a link inside each endpoint's expand button, and a control inside a
     control is neither announced nor reachable properly by keyboard;
   - a heading "Endpoints" (for screen readers) between the page's h1 and the endpoint groups' h3s,
     so that the headings go down one level at a time;
   - a name for each open endpoint's table of responses, which Swagger UI marks as a region: regions
     with the same (no) name cannot be told apart. */
const pageData = document.querySelector("body").dataset;
const config = JSON.parse(document.getElementById("swagger-settings").textContent);

const EndpointsHeading = () => ({
  wrapComponents: {
    operations: (Operations, system) => (props) =>
      system.React.createElement(
        "div",
        null,
        system.React.createElement("h2", { className: "upw-visually-hidden" }, "Endpoints"),
        system.React.createElement(Operations, props),
      ),
  },
});

config.dom_id = "#swagger-ui";
config.deepLinking = false;
config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
config.plugins = [EndpointsHeading];
if (pageData.apiCsrf && pageData.csrfToken) {
  config.requestInterceptor = (request) => {
    request.headers["X-CSRFToken"] = pageData.csrfToken;
    return request;
  };
}
SwaggerUIBundle(config);

const root = document.getElementById("swagger-ui");
new MutationObserver(() => {
  for (const table of root.querySelectorAll(".responses-table[role=region]:not([aria-label])")) {
    const operation = table.closest(".opblock");
    const method = operation?.querySelector(".opblock-summary-method")?.textContent ?? "";
    const path = operation?.querySelector(".opblock-summary-path")?.textContent ?? "";
    table.setAttribute("aria-label", `Responses of ${method} ${path}`.trim());
  }
}).observe(root, { childList: true, subtree: true });
