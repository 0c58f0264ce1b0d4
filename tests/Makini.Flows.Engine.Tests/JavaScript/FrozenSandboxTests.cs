using Jint.Native;
using Makini.Flows.Engine.Expressions.JavaScript;

namespace Makini.Flows.Engine.Tests.JavaScript;

/// <summary>Nothing a script can reach on a prepared engine can be changed for the scripts that come after it.</summary>
public sealed class FrozenSandboxTests
{
    /// <summary>
    /// Walks every object and function a script can reach: from the global object and from values that syntax
    /// makes (iterators, generator and async functions, arguments...), through own properties (symbols, getters
    /// and setters included) and prototypes, and through the values that every reachable function returns when
    /// called or constructed without arguments (on no receiver, its own object, or a value made before from that
    /// object). Values made fresh by syntax or a call are not checked themselves, only their prototypes, as they
    /// are the caller's own. Returns the paths of whatever is extensible, writable or configurable, and the count checked.
    /// </summary>
    private const string ReachableMutableObjects = """
        const { getOwnPropertyDescriptors, getPrototypeOf, isExtensible } = Object, { ownKeys } = Reflect;
        const problems = [], seen = new Set(), receivers = new Map(), pending = [[globalThis, 'globalThis', undefined]];
        const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
        const made = (value, path) => {
          if (!isObject(value)) return;
          const prototype = getPrototypeOf(value);
          if (prototype === null) return;
          if (!receivers.has(prototype)) receivers.set(prototype, value);
          pending.push([prototype, 'prototype of ' + path, undefined]);
        };
        const syntax = {
          'function* () {}': () => function* () {},
          "a generator function's prototype": () => (function* () {}).prototype,
          'async function () {}': () => async function () {},
          'async () => {}': () => async () => {},
          'async function* () {}': () => async function* () {},
          "an async generator function's prototype": () => (async function* () {}).prototype,
          'class {}': () => class {},
          'bound function': () => (function () {}).bind(null),
          '[][Symbol.iterator]()': () => [][Symbol.iterator](),
          "''[Symbol.iterator]()": () => ''[Symbol.iterator](),
          'new Map()[Symbol.iterator]()': () => new Map()[Symbol.iterator](),
          'new Set()[Symbol.iterator]()': () => new Set()[Symbol.iterator](),
          "'a'.matchAll(/a/g)": () => 'a'.matchAll(/a/g),
          '[].values().map(x => x)': () => [].values().map((x) => x),
          'Iterator.from({ next() {} })': () => Iterator.from({ next() {} }),
          'arguments': function () { return arguments; },
          'a promise': () => Promise.resolve(),
          'a regular expression literal': () => /x/g,
          'a template object': () => ((s) => s)`a${1}b`,
        };
        for (const [path, make] of Object.entries(syntax)) made(make(), path);
        pending.push([Object.getOwnPropertyDescriptor(function () { return arguments; }(), 'callee')?.get, '%ThrowTypeError%', undefined]);
        while (pending.length > 0) {
          const [o, path, home] = pending.pop();
          if (!isObject(o) || seen.has(o)) continue;
          seen.add(o);
          if (isExtensible(o)) problems.push(path + ' is extensible');
          const descriptors = getOwnPropertyDescriptors(o);
          for (const key of ownKeys(descriptors)) {
            const d = descriptors[key], name = path + '.' + String(key);
            if (d.writable) problems.push(name + ' is writable');
            if (d.configurable) problems.push(name + ' is configurable');
            pending.push([d.value, name, o], [d.get, name + ' (getter)', o], [d.set, name + ' (setter)', o]);
          }
          pending.push([getPrototypeOf(o), 'prototype of ' + path, undefined]);
          if (typeof o !== 'function') continue;
          for (const receiver of [undefined, home, receivers.get(home)]) {
            try { made(o.call(receiver), path + '()'); } catch { }
          }
          try { made(new o(), 'new ' + path + '()'); } catch { }
        }
        ({ problems, checked: seen.size })
        """;

    [Fact]
    public void Nothing_reachable_from_a_script_is_writable_or_extensible()
    {
        using var engine = new SandboxedEngine(
            new ScriptLimits { Timeout = TimeSpan.FromMinutes(1), MaxStatements = int.MaxValue }
        );

        var result = engine.Call(
            JavaScriptExpression.Compile(ReachableMutableObjects),
            [.. Enumerable.Repeat(JsValue.Undefined, 5)],
            TestContext.Current.CancellationToken
        );

        var found = JsToJson.Convert(result, int.MaxValue)!;
        var problems = found["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        problems.ShouldBeEmpty(string.Join("\n", problems.Take(40)));
        found["checked"]!.GetValue<double>().ShouldBeGreaterThan(500);
    }
}
