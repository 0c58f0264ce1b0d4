using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>
/// The benign JavaScript every JavaScript case runs afterwards: it iterates arrays, strings, maps, sets and
/// <c>matchAll</c>, reads a match, awaits and calls an async generator, which are what a hostile script on a
/// pooled engine would try to change.
/// </summary>
public static class JavaScriptFlows
{
    public const string Iterating = """
        const seen = [];
        for (const x of input.items) seen.push(x);
        for (const [k, v] of new Map([['k', input.a]])) seen.push(k + v);
        for (const v of new Set([input.a])) seen.push(v);
        for (const c of 'ab') seen.push(c);
        for (const m of 'a1b2'.matchAll(/\d/g)) seen.push(m[0]);
        seen.push([...'xy'].join(''), /(b)/.exec('abc')[1], typeof RegExp.$1);
        const late = {};
        (async () => { late.awaited = await Promise.resolve(input.a); })();
        (async function* () { yield input.a; })().next().then(r => { late.generated = r.value; });
        ({ seen, late })
        """;

    public static JsonObject Input(int a) =>
        new() { ["a"] = a, ["items"] = new JsonArray(a, a + 1) };

    public static JsonNode Expected(int a) =>
        JsonNode.Parse(
            $$"""
            {
              "seen": [{{a}}, {{a
                + 1}}, "k{{a}}", {{a}}, "a", "b", "1", "2", "xy", "b", "undefined"],
              "late": { "awaited": {{a}}, "generated": {{a}} }
            }
            """
        )!;
}
