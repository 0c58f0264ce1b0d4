using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.JavaScript;

/// <summary>
/// Scripts in the compiled subset give exactly what Jint gives (the same JSON, or the same error), and scripts
/// outside it still run, in Jint.
/// </summary>
public sealed class CompiledScriptTests
{
    private static readonly FlowEngine Compiled = new();
    private static readonly FlowEngine Interpreted = new(
        options: new FlowEngineOptions { CompileJavaScript = false }
    );

    private static JsonNode Input() =>
        JsonNode.Parse(
            """
            {
              "records": [
                { "id": 1, "title": "Pump A", "status": "OPEN", "priority": 2, "dueDate": "2026-11-01", "tags": ["a", "b"], "cost": 10.5 },
                { "id": 2.5, "title": "  Fan B\u00a0", "status": "Closed", "priority": null, "dueDate": "2026-12-24", "tags": [], "cost": 0 },
                { "id": "x-3", "title": "Ölpumpe", "status": "İN PROGRESS", "dueDate": null, "cost": -0.1 },
                { "id": 1e21, "title": "", "status": "ΟΔΟΣ", "priority": 7, "3": "three", "1": "one", "cost": 1e-7 }
              ],
              "workOrders": [
                { "id": 101, "title": "Replace seal", "status": "OPEN", "priority": "high", "dueDate": "2026-11-01" },
                { "id": 102, "title": "Grease bearing", "status": "On_Hold", "priority": "low", "dueDate": "2026-12-03" }
              ],
              "raw": [
                { "s": "tab\t \"q\" \u00e9 é \ud83d\ude00 日本 <&>", "n": 1.0, "e": 1e3, "z": -0, "neg": -5, "lz": 0, "frac": 0.5,
                  "d15": 999999999999999, "d16": 1234567890123456, "obj": { "1": "x", "a": 1 }, "arr": [1, "two", null], "t": true, "nul": null },
                { "s": "plain", "n": 12, "e": -0.0, "z": 0, "neg": -1e2, "lz": 7, "frac": 1E2, "h": "<b>Tom & Jerry's</b> 1+1 `x` Zürich" }
              ],
              "big": 123456789012345680000,
              "nested": { "a": { "b": [1, [2, [3]]] } },
              "text": "Hello, World",
              "flag": false,
              "zero": 0,
              "empty": "",
              "nothing": null
            }
            """
        )!;

    public static TheoryData<string> SupportedScripts =>
        new()
        {
            "input.workOrders.map(r => ({ key: String(r.id), title: r.title, status: r.status.toLowerCase(), priority: r.priority, due: r.dueDate, overdue: r.dueDate < '2026-11-29' }))",
            "input.records.map(r => r.title.trim())",
            "input.records.map((r, i) => `${i}: ${r.title} (${r.cost})`)",
            "input.records.filter(r => r.priority > 1).map(r => r.id)",
            "input.records.filter(r => r.priority).length",
            "input.records.map(r => r.priority ?? 'none')",
            "input.records.map(r => r.missing)",
            "input.records.map(r => ({ p: r.priority, m: r.missing, t: r.tags }))",
            "input.records.map(r => r.tags?.length ?? -1)",
            "input.records.map(r => r.tags?.[0])",
            "input.records.map(r => r.tags && r.tags.includes('b'))",
            "input.records.map(r => r.tags?.join('|'))",
            "input.records.some(r => r.cost < 0)",
            "input.records.every(r => typeof r.title === 'string')",
            "input.records.find(r => r.status === 'Closed')",
            "input.records.find(r => r.status === 'nope')",
            "input.records.findIndex(r => r.id == '2.5')",
            "input.records.map(r => r.id + 1)",
            "input.records.map(r => r.cost * 2 - r.priority / 3 % 2)",
            "input.records.map(r => -r.cost)",
            "input.records.map(r => +r.id)",
            "input.records.map(r => Number(r.id))",
            "input.records.map(r => Boolean(r.title))",
            "input.records.map(r => r.title.startsWith('P') || r.title.endsWith('B') || r.title.includes('pump'))",
            "input.records.map(r => r.priority == null)",
            "input.records.map(r => r.priority === undefined)",
            "input.records.map(r => r.dueDate >= '2026-12-01' ? 'late' : 'soon')",
            "input.records.map(r => r.title.length)",
            "input.records.map(r => r.title[0])",
            "input.records.map(r => r['3'])",
            "input.records.map(r => r.id.toString())",
            "input.big + ''",
            "String(input.big)",
            "input.nested",
            "input.nested.a.b[1][1][0]",
            "input.nested.a.b.map(x => x)",
            "[input.zero, input.empty, input.nothing, input.flag, undefined, NaN, Infinity, -0]",
            "({ a: undefined, b: null, c: NaN, d: 1 / 0 })",
            "!input.flag && !input.empty && !input.zero && !input.nothing",
            "input.text.includes('World') ? input.text.toLowerCase() : input.text",
            "typeof input.missing + typeof input.nothing + typeof input.text + typeof input + typeof input.zero",
            "const first = input.records[0]; const label = first.title + '/' + first.status; ({ label, first })",
            "const input2 = input.records; input2.map(input => input.id)",
            "input.records.map(r => r.tags?.map(t => t + r.id))",
            "input.records.map(r => r.cost < r.priority)",
            "input.records.map(r => r.dueDate > r.priority)",
            "input.records.map(r => null + 1)",
            "input.records.map(r => true + 1)",
            "input.records.map(r => r.priority + r.title)",
            "'0.1' * 3",
            "' 12 ' - 0",
            "'0x1f' * 1",
            "input.missing?.deep.deeper",
            "input.text?.length",
            "vars.result",
            "vars",
            "outputs",
            "outputs.start",
            "outputs.nope",
            "`${input.nested.a.b[0]}${input.flag}${input.nothing}${input.missing}`",
            "input.records.map(r => r.id).join()",
            "input.records.map(r => r.title).join(undefined)",
            "[1, null, undefined, 'a'].join('-')",
            "input.raw.map(r => ({ s: r.s, n: r.n, e: r.e, z: r.z, neg: r.neg, lz: r.lz, frac: r.frac, d15: r.d15, d16: r.d16, arr: r.arr, t: r.t, nul: r.nul, none: r.none }))",
            "input.raw.map(r => [r.s, r.n, r.e, r.z, r.d16, r.missing, r.arr])",
            "input.raw.map(r => r.s)",
            "input.raw.map((r, i) => i ? { i, s: r.s } : [i, r.n])",
            "({ list: input.workOrders.map((w, i) => ({ i, id: w.id, t: w.title })), count: input.workOrders.length, first: input.workOrders[0].title, none: input.missing })",
            "input.flag ? input.workOrders.map(w => w.id) : { none: true, text: input.text }",
            "[input.text, input.missing, input.nested.a, input.workOrders.map(w => [w.id, w.status.toLowerCase()])]",
            "[1, 2, 3].map(x => ({ x, y: x * 2 }))",
            "input.records.filter(r => r.tags).map(r => ({ t: r.tags, n: r.tags.length }))",
            "const open = input.workOrders.filter(w => w.status === 'OPEN'); ({ open: open.map(w => w.title), total: open.length })",
            "(input.workOrders.map(w => ({ due: w.dueDate, late: w.dueDate < '2026-12-01' ? 'yes' : undefined })))",
            "input.missing?.map(x => x)",
            "[String(-0), String(-5), String(999999999999999), String(1e15), String(1e16), String(0.5), `${-0}`, String(-1e-7), String(4 / 4)]",
            // statements
            "const out = []; for (const r of input.records) { if (!r.tags) continue; out.push(r.id); } return out;",
            "let total = 0; for (const r of input.records) total += r.cost; total",
            "for (const r of input.records) { if (r.priority > 5) return r.title; } return null;",
            "if (input.flag) return 'yes'; else if (input.zero === 0) return 'zero'; return 'no';",
            "if (input.flag) { return 1; }",
            "let s = ''; for (let i = 0; i < input.records.length; i++) { if (i === 2) break; s += i; } s",
            "let s = 0; for (let i = 0; i < 5; i++) { if (i % 2) continue; s += i; } return s;",
            "const rows = []; for (const { id, title = 'none', tags: [first] = [] } of input.records) rows.push({ id, title, first }); rows",
            "function label(r) { switch (r.status) { case 'OPEN': return 'o'; case 'Closed': case 'closed': return 'c'; default: return '?'; } } input.records.map(label)",
            "let n = 0; switch (input.zero) { case 1: n = 1; break; default: n = 2; case 3: n += 3; } n",
            "const toOut = r => ({ key: String(r.id), t: r.title }); return input.records.map(toOut);",
            "const toOut = r => ({ key: String(r.id), t: r.title }); const recs = input.workOrders; return recs.map(toOut);",
            "const f = (a, b = 2, c) => [a, b, c]; [f(1), f(1, undefined, 3), f(null, null), f(1, 2, 3, 4)]",
            "function pick(r) { const { id, title } = r; if (!id) return null; return { id, title }; } input.records.map(pick)",
            "const x = 1; { const x = 2; } x",
            "let n; n",
            "const items = input.records; if (!items.length) return [{ empty: true }]; return items.map(i => ({ id: i.id }));",
            "input.records.map(r => { if (r.priority == null) return { id: r.id }; const p = r.priority * 2; return { id: r.id, p }; })",
            "input.records.map(function (r) { return r.id; })",
            // destructuring
            "const { nested: { a: { b: [one, [two, ...others]] } } } = input; ({ one, two, others })",
            "const [a, , c = 'd', ...rest] = input.records; [a.id, c, rest.length]",
            "input.records.map(({ id, title: t = 'x', missing = null }) => ({ id, t, missing }))",
            // objects built and changed
            "const counts = {}; for (const r of input.records) counts[r.status] = (counts[r.status] ?? 0) + 1; counts",
            "const g = {}; for (const r of input.workOrders) (g[r.priority] ??= []).push(r.id); g",
            "const o = { a: 1 }; o.a += 2; o.b ??= 'x'; o.b ||= 'y'; o.c &&= 1; o.d = undefined; o",
            "let i = 0; const a = [i++, i++, ++i, i--, i -= 2, i *= -1]; [a, i]",
            "const o = {}; for (let i = 0; i < 30; i++) o['k' + (i % 12)] = (o['k' + (i % 12)] ?? 0) + i; [o, Object.keys(o), { ...o, k3: 'x', z: 1 }]",
            "const c = { n: 0 }; for (const r of input.records) c.n++; c",
            "input.workOrders.map(w => ({ ...w, status: w.status.toLowerCase(), ...{ more: 1 } }))",
            "({ ...input.nothing, ...input.missing, ...5, ...true, ...[], a: 1, a: 2 })",
            "[...input.workOrders.map(w => w.id), ...[1, 2], ...input.nested.a.b]",
            "({ [input.text]: 1, ['x' + 1]: 2, [input.flag]: 3 })",
            "Object.keys(input.workOrders[0])",
            "Object.values(input.workOrders[0])",
            "Object.entries(input.nested)",
            "Object.keys(input.records.map(r => r.id))",
            "[Object.keys(5), Object.values('')]",
            "Object.fromEntries(input.workOrders.map(w => [w.title, w.id]))",
            "Object.fromEntries(Object.entries({ a: 1, b: 2 }).map(([k, v]) => [k + '!', v * 2]))",
            "Object.assign({}, input.workOrders[0], { id: 'x', extra: undefined })",
            // array methods
            "input.records.reduce((s, r) => s + r.cost, 0)",
            "input.records.map(r => r.cost).reduce((a, b) => a + b)",
            "input.workOrders.reduce((acc, w, i) => ({ ...acc, [w.title]: i }), {})",
            "input.workOrders.flatMap(w => [w.id, [w.title]])",
            "input.records.flatMap(r => r.tags ?? 'none')",
            "input.records.slice(1, -1).map(r => r.id)",
            "[input.workOrders.slice(), input.workOrders.slice(-1), input.workOrders.slice(5), input.workOrders.slice(2, 1), input.workOrders.slice('1', NaN), input.records.slice(0, 3).length]",
            "input.records.at(-1).title + input.records.at(0).title + input.records.at(9)",
            "input.records.forEach(r => r.id); 1",
            "input.records.findLast(r => r.priority).title + input.records.findLastIndex(r => r.nope)",
            "input.workOrders.map(w => w.status.toLowerCase()).indexOf('open')",
            "[1, 2, 3].indexOf(2) + [1, 2, 3].indexOf('2')",
            "const parts = []; for (const r of input.raw) parts.push(r.z, r.e, r.d16); parts",
            "const a = []; const n = a.push(1, 2); [n, a]",
            "Array.isArray(input.records) && !Array.isArray(input.nested) && !Array.isArray(input.text)",
            "[Number.isFinite(input.zero), Number.isFinite('1'), Number.isInteger(1.5), Number.isInteger(input.big), Number.isFinite(1 / 0)]",
            // Math
            "[Math.round(2.5), Math.round(-2.5), Math.round(-0.4), Math.round(0.49999999999999994), Math.round(-0), Math.round(1e21), Math.floor(-0.5), Math.ceil(-0.5), Math.max(), Math.min(), Math.max(-0, 0), Math.min(0, -0), Math.abs(-0), Math.trunc(-0.7), Math.sign(-3), Math.sign(-0), Math.max(1, NaN), Math.round('2.5'), Math.floor(null), Math.ceil()]",
            "Math.max(...input.records.map(r => r.cost))",
            "input.records.map(r => Math.round(r.cost * 100) / 100)",
            // sorting: Jint's order even for comparators that are not consistent
            "input.records.map(r => r.cost).sort((a, b) => a - b)",
            "[...input.workOrders, ...input.workOrders].sort((a, b) => a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0).map(w => w.id)",
            "input.records.map(r => r.cost).sort()",
            "[3, 1, undefined, 10, 2, 'b', 'a', null, 1].sort()",
            "[3, 1, undefined, 10, 2].sort((a, b) => b - a)",
            "[5, 1, 4, 2, 3, 9, 7, 8, 6, 0].sort((a, b) => (a - b) / 100)",
            "[5, 1, 4, 2, 3].sort((a, b) => NaN)",
            "[5, 1, 4, 2, 3].sort((a, b) => String(a - b))",
            "input.records.slice().sort((a, b) => String(a.title).length - String(b.title).length).map(r => r.title)",
            "input.workOrders.toSorted((a, b) => b.id - a.id).map(w => w.id)",
            "input.workOrders.map(w => w.title).toSorted()",
            "const a = [2, 1]; const b = a.sort(); [a, b, [].sort(), [1].sort((x, y) => y - x)]",
            // conversions as callbacks, pop and shift, functions called where they are written
            "input.records.map(r => r.priority).filter(Boolean)",
            "['1', '2.5', 'x', ''].map(Number)",
            "input.records.map(r => r.id).map(String)",
            "const parts = input.text.split(', '); [parts.pop(), parts.shift(), parts.pop(), parts]",
            "const a = [1, 2, 3]; for (const x of a) { if (x < 3) a.push(x * 10); } a",
            "const a = [1, 2, 3, 4]; const seen = []; for (const x of a) { seen.push(x); a.shift(); } [seen, a]",
            "(() => { const w = input.workOrders[0]; if (w.status === 'OPEN') return { key: String(w.id) }; return null; })()",
            "(function (x) { return x * 2; })(21)",
            // sets of primitives, Array.from
            "const all = input.records.flatMap(r => r.tags ?? []); [...new Set(all)]",
            "const seen = new Set(); return input.records.filter(r => { if (seen.has(r.cost > 0)) return false; seen.add(r.cost > 0); return true; }).map(r => r.id)",
            "const s = new Set([1, -0, 0, NaN, NaN, '1', null, undefined, null]); [[...s], s.size, s.has(-0), s.has(NaN), s.has('x')]",
            "Array.from(new Set(input.workOrders.map(w => w.priority))).sort()",
            "[Array.from(input.nested.a.b), new Set().size]",
            // parseInt in base 10
            "['42', '  -17px', '+3.9', '-0', 'x1', '', '\u00a0 12', '007', '123456789012345', 12.7, -0.5, null, true].map(t => [parseInt(t), parseInt(t, 10), Number.parseInt(t, 10)])",
            "input.workOrders.map(w => parseInt(String(w.id).slice(1), 10))",
            // toFixed
            "[1.005, 1.45, 2.5, 0.5, 1.5, -1.5, -2.5, 1e-7, 123.456, 0.000001, 1e20, 1e21, -0, 0, NaN, Infinity, -Infinity, 10.235, 8.345, 0.1 + 0.2, 999.995, -0.0001].map(x => [x.toFixed(2), x.toFixed(0), x.toFixed(), x.toFixed(1), x.toFixed(20)])",
            "input.records.map(r => r.cost.toFixed(2))",
            // strings
            "input.workOrders.map(w => `${w.title.slice(0, 4)}|${w.title.slice(-4)}|${w.title.substring(5, 2)}|${w.title.charAt(0)}|${w.title.at(-1)}|${String(w.id).padStart(6, '0')}|${w.title.padEnd(16, '.-')}|${w.title.indexOf('e')}`)",
            "input.records.map(r => [r.title.slice(0, 3), r.title.charAt(1), r.title.at(-2), r.title.padStart(3), r.title.substring(1)])",
            "[input.text.split(', '), input.text.split(''), input.text.split(), input.empty.split(','), input.empty.split(''), 'a,b,,c'.split(',')]",
            "[input.text.replace('l', 'L'), input.text.replace('zz', 'L'), input.text.replace('', '-'), 'x'.padStart(5, ''), 'abc'.charAt(-1), 'abc'.at(5)]",
        };

    public static TheoryData<string> FailingScripts =>
        new()
        {
            "input.missing.deep",
            "input.records.map(r => r.tags.length)",
            "input.nothing.x",
            "input.records.map(r => r.toString)",
            "input.records.map(r => r.hasOwnProperty)",
            "input.records.map(r => r.title.length.length.length)",
            "input.text.map(x => x)",
            "input.nothing.map(x => x)",
            "input.records.map(r => ({ id: r.id, n: r.tags.length }))",
            "[].reduce((a, b) => a + b)",
            "const { x } = input.nothing; x",
            "input.workOrders.push(1)",
            "const o = input.nested; o.b = 1; o",
            "input.workOrders.map(([a, b] = [1, 2]) => a)",
            "input.workOrders.sort((a, b) => a.id - b.id)",
            "(1).toFixed(101)",
            "input.text.toFixed(2)",
            "new Set(5)",
        };

    /// <summary>Scripts that stay in the subset but take a path it hands to Jint: same answers all the same.</summary>
    public static TheoryData<string> HandedOverScripts =>
        new()
        {
            "input.records.map(r => r.status.toLowerCase())",
            "input.records[3]",
            "input.records.map(r => [r.title.trimStart(), r.title.trimEnd(), r.title.toUpperCase()])",
            "input.records.map(r => r.status.toUpperCase())",
            "input.records.map(r => String(r.tags))",
            "input.records.map(r => r === input.records[0])",
            "input.nested + 1",
            "input.raw.map(r => ({ o: r.obj }))",
            "input.workOrders.map(r => ({ c: r.constructor, id: r.id }))",
            "Object.keys(input.records[3])",
            "Object.fromEntries([[1, 'a']])",
            "input.text.replace('l', '$&')",
            "input.records.map(r => ({ ...r }))",
            "const [a] = 'xy'; a",
            "const o = {}; o[1] = 'x'; o",
            "for (const r of input.text) {} 1",
            "new Set(input.records)",
            "const s = new Set(); s.add(input.nested); s.size",
            "new Set(input.text).size",
            "parseInt('0x1f')",
            "parseInt('12', 16)",
            "parseInt('1234567890123456789')",
            "let n = 0; for (let i = 0; i < 1500000; i++) n++; n",
            "const a = [1, 2, 3]; a.map(x => a.pop())",
            "const a = [1, 2, 3]; a.map(x => { a.push(a.shift()); return x; })",
            "const a = [3, 1, 2]; a.filter(x => a.push(0) < 5)",
            "const a = [1, 2, 3]; a.reduce((s, x) => s + a.shift(), 0)",
            "const a = [3, 1, 2]; a.sort((x, y) => a.push(0) && x - y)",
            "[5, 1, 4, 2, 3, 9, 7, 8, 6, 0, 11, 15, 13, 12, 14, 19, 17, 18, 16, 10].sort(() => 1)",
            "[5, 1, 4, 2, 3, 9, 7, 8, 6, 0, 11, 15, 13, 12, 14, 19, 17, 18, 16, 10].sort(() => -1)",
            "[5, 1, 4, 2, 3, 9, 7, 8, 6, 0, 11, 15, 13, 12, 14, 19, 17, 18, 16, 10].sort((a, b) => (a % 3) - (b % 5))",
            "[1, 2, 2, 3, 1].sort((a, b) => a < b ? -1 : 1)",
        };

    [Theory]
    [MemberData(nameof(SupportedScripts))]
    public async Task A_compiled_script_gives_what_Jint_gives(string script)
    {
        JavaScriptExpression
            .Compile(script)
            .Compiled.ShouldNotBeNull("the script should be in the compiled subset");
        using var handedOver = new HandedOverCount(FlowId);
        var (compiled, interpreted) = await RunBothAsync(script);

        interpreted.Status.ShouldBe(RunStatus.Completed, interpreted.Error?.Message);
        compiled.Status.ShouldBe(RunStatus.Completed, compiled.Error?.Message);
        SameJson(compiled.Output, interpreted.Output);
        handedOver.Count.ShouldBe(0, "the compiled code should have given the answer itself");
    }

    [Theory]
    [MemberData(nameof(HandedOverScripts))]
    public async Task A_compiled_script_hands_what_it_does_not_decide_to_Jint(string script)
    {
        JavaScriptExpression.Compile(script).Compiled.ShouldNotBeNull();
        using var handedOver = new HandedOverCount(FlowId);
        var (compiled, interpreted) = await RunBothAsync(script);

        compiled.Status.ShouldBe(RunStatus.Completed, compiled.Error?.Message);
        SameJson(compiled.Output, interpreted.Output);
        handedOver.Count.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(SupportedScripts))]
    public async Task A_compiled_script_reads_nodes_built_in_code_as_it_reads_parsed_json(
        string script
    )
    {
        var flow = FlowBuilder.EvaluateScript(script);
        flow.Id = FlowId;
        var ct = TestContext.Current.CancellationToken;
        using var handedOver = new HandedOverCount(FlowId);

        var built = await Compiled.StartAsync(Compiled.Prepare(flow), Built(Input()), ct);
        var parsed = await Interpreted.StartAsync(Interpreted.Prepare(flow), Input(), ct);

        built.Status.ShouldBe(parsed.Status, built.Error?.Message);
        SameJson(built.Output, parsed.Output);
        handedOver.Count.ShouldBe(0);
    }

    /// <summary>The same JSON with every object and array opened into nodes (no parsed text left behind).</summary>
    private static JsonNode? Built(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                    Built(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Built(child);
                break;
        }
        return node;
    }

    [Theory]
    [MemberData(nameof(FailingScripts))]
    public async Task A_compiled_script_that_fails_fails_as_in_Jint(string script)
    {
        JavaScriptExpression.Compile(script).Compiled.ShouldNotBeNull();
        var (compiled, interpreted) = await RunBothAsync(script);

        interpreted.Status.ShouldBe(RunStatus.Faulted);
        compiled.Status.ShouldBe(RunStatus.Faulted);
        compiled.Error!.Message.ShouldBe(interpreted.Error!.Message);
    }

    [Theory]
    [InlineData("let total = 0; while (total < 3) total++; total")]
    [InlineData("input.records.map(r => r.title.replace(/a/g, 'b'))")]
    [InlineData("JSON.stringify(input)")]
    [InlineData("const f = n => n ? f(n - 1) : 0; f(3)")]
    [InlineData("function f(n) { return n ? f(n - 1) : 0; } f(3)")]
    [InlineData("f(1); function f(n) { return n; }")]
    [InlineData("var x = 1; x")]
    [InlineData("const f = x => x; f")]
    [InlineData("const f = x => x; [f]")]
    [InlineData("const x = 1; x = 2; x")]
    [InlineData("input = 1")]
    [InlineData("({ 1: 'a', b: 2 })")]
    [InlineData("({ __proto__: null })")]
    [InlineData("const a = b; const b = 1; a")]
    [InlineData("input.records.map(r => r.cost ** 2)")]
    [InlineData("new Date()")]
    [InlineData("input.records.map(r => r.status.toLowerCase().missingMethod())")]
    public async Task Scripts_outside_the_subset_run_in_Jint(string script)
    {
        JavaScriptExpression.Compile(script).Compiled.ShouldBeNull();
        var (compiled, interpreted) = await RunBothAsync(script);

        compiled.Status.ShouldBe(interpreted.Status);
        compiled.Error?.Message.ShouldBe(interpreted.Error?.Message);
        if (script != "new Date()")
            SameJson(compiled.Output, interpreted.Output);
    }

    [Fact]
    public async Task Item_and_index_are_read_inside_a_loop()
    {
        var flow = FlowJson.Deserialize(
            """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "loop", "name": "loop",
              "variables": [{ "name": "last" }],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "loop", "type": "ForEach", "inputs": { "items": { "js": "input.records" } } },
                { "id": "each", "type": "SetVariable", "inputs": {
                    "variable": { "literal": "last" },
                    "value": { "js": "({ at: index, id: item.id, name: item.title.trim(), before: vars.last?.name })" } } }
              ],
              "connections": [
                { "source": "start", "sourcePort": "Done", "target": "loop" },
                { "source": "loop", "sourcePort": "Body", "target": "each" }
              ]
            }
            """
        );
        var (compiled, interpreted) = await RunBothAsync(flow, Compiled, Interpreted);

        compiled.Status.ShouldBe(RunStatus.Completed, compiled.Error?.Message);
        var values = Values(compiled);
        values.Length.ShouldBe(4);
        values.ShouldBe(Values(interpreted));
        values[3].ShouldBe("""{"at":3,"id":1E+21,"name":"","before":"\u00D6lpumpe"}""");
    }

    [Fact]
    public async Task Text_copied_from_parsed_json_keeps_html_sensitive_characters_escaped()
    {
        var (compiled, interpreted) = await RunBothAsync(
            "input.raw.map(r => ({ h: r.h, s: r.s }))"
        );

        SameJson(compiled.Output, interpreted.Output);
        var text = WrittenJson.Of(compiled.Output);
        text.ShouldContain(
            "\\u003Cb\\u003ETom \\u0026 Jerry\\u0027s\\u003C/b\\u003E 1\\u002B1 \\u0060x\\u0060 Zürich"
        );
        text.ShouldContain("\"s\":\"plain\"");
    }

    [Theory]
    [InlineData("input.a", "2")]
    [InlineData("input", "{\"a\":2,\"o\":{\"x\":3,\"y\":2}}")]
    [InlineData("Object.keys(input.o)", "[\"x\",\"y\"]")]
    public async Task Parsed_json_with_a_repeated_key_reads_the_last_value_on_both_paths(
        string script,
        string expected
    )
    {
        var ct = TestContext.Current.CancellationToken;
        const string body = """{"a":1,"a":2,"o":{"x":1,"y":2,"x":3}}""";
        foreach (var engine in new[] { Compiled, Interpreted })
        {
            var run = await engine.StartAsync(
                engine.Prepare(FlowBuilder.EvaluateScript(script)),
                JsonNode.Parse(body),
                ct
            );
            run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
            run.Output!.ToJsonString().ShouldBe(expected);
        }
    }

    private static string[] Values(RunState run) =>
        run
            .Journal.Where(j => j.ActivityId == "each")
            .Select(j => j.Inputs!["value"]!.ToJsonString())
            .ToArray();

    private static void SameJson(JsonNode? actual, JsonNode? expected) =>
        (actual?.ToJsonString() ?? "null").ShouldBe(expected?.ToJsonString() ?? "null");

    [Fact]
    public async Task A_result_larger_than_the_limit_is_refused_as_in_Jint()
    {
        var limits = new ScriptLimits { MaxResultNodes = 100 };
        var compiled = new FlowEngine(options: new FlowEngineOptions { ScriptLimits = limits });
        var interpreted = new FlowEngine(
            options: new FlowEngineOptions { ScriptLimits = limits, CompileJavaScript = false }
        );
        const string script = "input.records.map(r => input.records.map(s => input.records))";

        var (one, two) = await RunBothAsync(
            FlowBuilder.EvaluateScript(script),
            compiled,
            interpreted
        );

        two.Status.ShouldBe(RunStatus.Faulted);
        one.Status.ShouldBe(RunStatus.Faulted);
        one.Error!.Message.ShouldBe(two.Error!.Message);
        one.Error.Message.ShouldContain("too large");
    }

    [Fact]
    public async Task A_compiled_loop_whose_turns_each_do_much_work_is_bounded_by_the_script_timeout()
    {
        // Each turn shifts half a million elements: without a clock the compiled loop would run for hours.
        var limits = new ScriptLimits { Timeout = TimeSpan.FromMilliseconds(300) };
        var engine = new FlowEngine(options: new FlowEngineOptions { ScriptLimits = limits });
        const string script =
            "const a = []; for (let i = 0; i < 500000; i++) a.push(i); for (const x of a) { a.shift(); a.push(x); } a.length";
        JavaScriptExpression.Compile(script).Compiled.ShouldNotBeNull();

        var run = await engine.StartAsync(
            engine.Prepare(FlowBuilder.EvaluateScript(script)),
            Input(),
            TestContext.Current.CancellationToken
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("ran longer than its limit");
    }

    private const string FlowId = "compiled-script-tests";

    private static Task<(RunState Compiled, RunState Interpreted)> RunBothAsync(string script)
    {
        var flow = FlowBuilder.EvaluateScript(script);
        flow.Id = FlowId;
        return RunBothAsync(flow, Compiled, Interpreted);
    }

    private static async Task<(RunState Compiled, RunState Interpreted)> RunBothAsync(
        FlowDefinition flow,
        FlowEngine compiled,
        FlowEngine interpreted
    )
    {
        var ct = TestContext.Current.CancellationToken;
        return (
            await compiled.StartAsync(compiled.Prepare(flow), Input(), ct),
            await interpreted.StartAsync(interpreted.Prepare(flow), Input(), ct)
        );
    }

    /// <summary>Counts the hand-overs to Jint of one flow's scripts while it is alive.</summary>
    private sealed class HandedOverCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public HandedOverCount(string flowId)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument == EngineTelemetry.ScriptsHandedOver)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>(
                (_, value, tags, _) =>
                {
                    foreach (var tag in tags)
                        if (tag.Key == "flow" && Equals(tag.Value, flowId))
                            Interlocked.Add(ref _count, (int)value);
                }
            );
            _listener.Start();
        }

        public int Count => _count;

        public void Dispose() => _listener.Dispose();
    }
}
