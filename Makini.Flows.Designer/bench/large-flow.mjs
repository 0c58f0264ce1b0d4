// A flow of `count` activities: a Start, then Ifs, Logs and SetVariables in a branching tree, laid out on a grid.
export function largeFlow(id, count) {
  const activities = [{ id: "start", type: "Start", inputs: {}, position: { x: 0, y: 0 } }];
  const connections = [];
  const open = [{ id: "start", port: "Done" }];
  for (let i = 1; i < count; i++) {
    const id = `a${i}`;
    const kind = i % 3;
    const activity =
      kind === 0
        ? { id, type: "If", inputs: { condition: { js: `input.x > ${i}` } } }
        : kind === 1
          ? { id, type: "Log", inputs: { message: { literal: `step ${i}` } } }
          : { id, type: "SetVariable", inputs: { variable: { literal: "total" }, value: { js: `(vars.total ?? 0) + ${i}` } } };
    activity.position = { x: Math.floor(i / 15) * 280, y: (i % 15) * 100 };
    activities.push(activity);
    const from = open.shift();
    connections.push({ source: from.id, sourcePort: from.port, target: id });
    if (activity.type === "If") open.push({ id, port: "True" }, { id, port: "False" });
    else open.push({ id, port: "Done" });
  }
  return {
    $schema: "https://schemas.makini.io/flows/flow-v1.json",
    id,
    name: `Large flow (${count} activities)`,
    variables: [{ name: "total", type: "number" }],
    inputs: [],
    outputs: [],
    activities,
    connections,
  };
}
