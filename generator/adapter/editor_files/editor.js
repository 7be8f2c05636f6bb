/* The web editor's own script (/bien-tap/): units.yml as a form.
 * units.yml holds a list at the top of the file, which Decap CMS cannot keep as an entry's
 * data: this format reads it as {header, units} and writes the same list back, with the
 * comment lines at the top of the file kept, and phase targets as `{1: 800, 2: 1900}`. */
(function () {
  "use strict";
  var quote = function (value) { return JSON.stringify(String(value)); };
  var has = function (value) { return value !== undefined && value !== null && value !== ""; };

  function fromFile(text) {
    var header = [];
    var lines = text.split("\n");
    for (var i = 0; i < lines.length && /^\s*(#.*)?$/.test(lines[i]); i++) header.push(lines[i]);
    var data = window.jsyaml.safeLoad(text) || [];
    var units = data.map(function (unit) {
      var copy = Object.assign({}, unit);
      copy.targets = Object.keys(unit.targets || {}).map(function (phase) {
        return {phase: Number(phase), target: unit.targets[phase]};
      });
      return copy;
    });
    return {header: header.join("\n"), units: units};
  }

  function unitToYaml(unit) {
    var out = ["- code: " + quote(unit.code), "  name: " + quote(unit.name)];
    if (has(unit.members)) out.push("  members: " + Number(unit.members));
    var targets = (unit.targets || []).filter(function (t) { return has(t.phase); });
    out.push("  targets: {" + targets.map(function (t) {
      return Number(t.phase) + ": " + Number(t.target);
    }).join(", ") + "}");
    var team = unit.advisory_team;
    if (team && ((team.members || []).length || has(team.contact))) {
      out.push("  advisory_team:");
      if (has(team.contact)) out.push("    contact: " + quote(team.contact));
      out.push("    members:");
      (team.members || []).forEach(function (member) {
        var row = "      - {name: " + quote(member.name);
        if (has(member.position)) row += ", position: " + quote(member.position);
        out.push(row + "}");
      });
    }
    return out.join("\n") + "\n";
  }

  function toFile(data) {
    var header = data.header ? data.header.replace(/\s+$/, "") + "\n\n" : "";
    return header + (data.units || []).map(unitToYaml).join("\n");
  }

  window.CMS.registerCustomFormat("sk-units", "yml", {fromFile: fromFile, toFile: toFile});
})();
