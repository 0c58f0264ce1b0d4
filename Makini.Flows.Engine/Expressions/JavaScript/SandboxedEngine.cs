using Jint;
using JintEngine = Jint.Engine;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// Creates Jint engines that cannot reach the CLR, compile strings (eval, Function), block, or run past
/// their limits. Constraints are reset by Jint at every evaluation, so each script gets the full budget.
/// </summary>
internal static class SandboxedEngine
{
    // Built-ins that one call can turn into gigabytes, and binary buffers no mapping needs.
    private const string Prelude = """
        (() => {
          'use strict';
          const max = __maxLength;
          const guard = (proto, name, check) => {
            const original = proto[name];
            Object.defineProperty(proto, name, {
              value: function (...args) { check(this, args); return original.apply(this, args); },
              writable: false, configurable: false, enumerable: false,
            });
          };
          const tooLong = () => { throw new RangeError('Invalid string length: over ' + max + ' characters'); };
          guard(String.prototype, 'repeat', (s, [n]) => { if (String(s).length * Number(n) > max) tooLong(); });
          guard(String.prototype, 'padStart', (s, [n]) => { if (Number(n) > max) tooLong(); });
          guard(String.prototype, 'padEnd', (s, [n]) => { if (Number(n) > max) tooLong(); });
          for (const name of ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'WeakRef', 'FinalizationRegistry',
            'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
            'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
            delete globalThis[name];
          }
        })();
        """;

    private static readonly Prepared<Acornima.Ast.Script> PreparedPrelude =
        JintEngine.PrepareScript(Prelude, strict: true);

    public static JintEngine Create(ScriptLimits limits)
    {
        var engine = new JintEngine(options =>
        {
            options.TimeoutInterval(limits.Timeout);
            options.MaxStatements(limits.MaxStatements);
            options.LimitMemory(limits.MaxMemoryBytes);
            options.LimitRecursion(limits.MaxRecursionDepth);
            options.RegexTimeoutInterval(limits.RegexTimeout);
            options.Constraints.MaxArraySize = (uint)limits.MaxCollectionLength;
            options.Constraints.StackOverflowGuard = true;
            options.Constraints.PromiseTimeout = limits.Timeout;
            options.Host.StringCompilationAllowed = false;
            options.Interop.Enabled = false;
            options.Strict = true;
            options.AgentCanSuspend = false;
        });
        engine.SetValue("__maxLength", limits.MaxCollectionLength);
        engine.Evaluate(PreparedPrelude);
        engine.Global.Delete("__maxLength");
        return engine;
    }
}
