// countries-110m TopoJSON (Natural Earth, public domain) -> GeoJSON with coordinates rounded to 0.01 deg
const topo = require("world-atlas/countries-110m.json");
const { feature } = require("topojson-client");
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
const fc = feature(topo, topo.objects.countries);
for (const f of fc.features) { f.geometry.coordinates = round(f.geometry.coordinates); f.properties = { name: f.properties.name }; delete f.id; }
process.stdout.write(JSON.stringify(fc));
