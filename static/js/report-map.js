// The reports' map, made zoomable with Leaflet over the server-drawn SVG: delivery units as circles
// in their bands, projects as points, each with its figures in words on hover and focus. With no
// tile URL configured it draws on a plain background. Without script (or Leaflet) the SVG and the
// tables stay, so nothing depends on this file.
const container = document.getElementById("report-map");
const source = document.getElementById("report-map-data");

if (container && source && window.L) {
  const data = JSON.parse(source.textContent);
  const points = [...data.units, ...data.projects];
  if (points.length) {
    container.hidden = false;
    const svg = document.querySelector("#map + figure > svg");
    if (svg) svg.style.display = "none";
    const map = window.L.map(container, { scrollWheelZoom: false });
    if (data.tileUrl) {
      window.L.tileLayer(data.tileUrl, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
    }
    for (const unit of data.units) {
      window.L.circleMarker([unit.lat, unit.lon], {
        radius: unit.radius,
        color: "#0b0c0c",
        weight: 1,
        fillColor: unit.fill,
        fillOpacity: 0.7,
      })
        .bindTooltip(unit.label)
        .addTo(map);
    }
    for (const project of data.projects) {
      window.L.circleMarker([project.lat, project.lon], {
        radius: 4,
        color: "#0b0c0c",
        weight: 1,
        fillColor: "#1d70b8",
        fillOpacity: 1,
      })
        .bindTooltip(project.label)
        .addTo(map);
    }
    map.fitBounds(
      points.map((point) => [point.lat, point.lon]),
      { padding: [30, 30], maxZoom: 12 },
    );
  }
}
