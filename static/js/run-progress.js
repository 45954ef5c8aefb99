// Polls a run's progress (matching or rota) and reloads the page when the run has finished. Without
// JavaScript the page offers a refresh link instead (CSP forbids inline scripts, so this is a file).
const box = document.getElementById("run-progress");

if (box) {
  const url = box.dataset.progressUrl;
  const percent = document.getElementById("run-progress-percent");
  const message = document.getElementById("run-progress-message");
  const bar = document.getElementById("run-progress-bar");

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const run = await response.json();
      percent.textContent = run.progress;
      message.textContent = run.message;
      bar.value = run.progress;
      if (run.finished) {
        window.location.assign(run.url);
        return;
      }
    } catch (error) {
      // A network hiccup: try again on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1000);
}
