namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>
/// Scripts compile to code that runs in the engine's process: everything outside the allowlist is refused, with
/// a message naming it and its position in the script. Expected violations read "line:column message".
/// </summary>
public sealed class CSharpAllowlistTests
{
    private const string FileAccess = "is not allowed in scripts: file access";
    private const string Network = "is not allowed in scripts: network access";
    private const string Reflection = "is not allowed in scripts: reflection";
    private const string Processes = "is not allowed in scripts: diagnostics and processes";
    private const string Environment = "is not allowed in scripts: the process environment";
    private const string Threads = "is not allowed in scripts: threads and tasks";
    private const string Interop = "is not allowed in scripts: native interop";
    private const string Unlisted = "is not on the list of APIs scripts may use";
    private const string CatchesLimits =
        "is not allowed in scripts: it could catch the engine's limits";
    private const string ProcessState = "is not allowed in scripts: it changes process-wide state";
    private const string PassTimeout = "is not allowed in scripts: pass a match timeout (TimeSpan)";
    private const string Regex = "System.Text.RegularExpressions.Regex";
    private const string Unsafe = "unsafe code is not allowed in scripts";
    private const string Goto =
        "'goto' is not allowed in scripts: it could build a loop the engine cannot limit";

    public static TheoryData<string, string[]> Forbidden =>
        new()
        {
            // File and network I/O
            {
                """return System.IO.File.ReadAllText("/etc/passwd");""",
                [$"1:8 'System.IO.File.ReadAllText(string)' {FileAccess}"]
            },
            {
                """return new System.IO.FileInfo("x").Exists;""",
                [
                    $"1:12 'System.IO.FileInfo' {FileAccess}",
                    $"1:36 'System.IO.FileInfo.Exists' {FileAccess}",
                ]
            },
            {
                """return global::System.IO.File.Exists("x");""",
                [$"1:8 'System.IO.File.Exists(string)' {FileAccess}"]
            },
            {
                "object o = 1; return o switch { System.IO.Stream s => 1, _ => 0 };",
                [$"1:33 'System.IO.Stream' {FileAccess}"]
            },
            {
                "var l = new List<System.IO.FileInfo>();",
                [$"1:18 'System.IO.FileInfo' {FileAccess}"]
            },
            {
                "return System.Net.Dns.GetHostName();",
                [$"1:8 'System.Net.Dns.GetHostName()' {Network}"]
            },
            {
                """var c = new System.Net.Sockets.TcpClient("h", 80);""",
                [$"1:13 'System.Net.Sockets.TcpClient' {Network}"]
            },
            // Reflection
            { "var t = input!.GetType();", [$"1:16 'object.GetType()' {Reflection}"] },
            {
                "return input!.GetType().Name;",
                [
                    $"1:15 'object.GetType()' {Reflection}",
                    $"1:25 'System.Reflection.MemberInfo.Name' {Reflection}",
                ]
            },
            {
                "return new Exception().GetType();",
                [$"1:24 'System.Exception.GetType()' {Reflection}"]
            },
            { "var g = input!.GetType; return g;", [$"1:16 'object.GetType()' {Reflection}"] },
            { "var t = typeof(string);", ["1:9 'typeof' is not allowed in scripts: reflection"] },
            { "System.Type t = null!;", [$"1:1 'System.Type' {Reflection}"] },
            {
                """var t = Type.GetType("System.IO.File");""",
                [$"1:9 'System.Type.GetType(string)' {Reflection}"]
            },
            {
                """return System.Reflection.Assembly.Load("x");""",
                [$"1:8 'System.Reflection.Assembly.Load(string)' {Reflection}"]
            },
            {
                """return Convert.ChangeType("1", TypeCode.Int32);""",
                [
                    $"1:8 'System.Convert.ChangeType(object, TypeCode)' {Reflection}",
                    $"1:32 'System.TypeCode.Int32' {Unlisted}",
                ]
            },
            {
                "return Enum.GetValues<DayOfWeek>().Length + Enum.GetValues(typeof(DayOfWeek)).Length;",
                [
                    $"1:45 'System.Enum.GetValues(Type)' {Reflection}",
                    "1:60 'typeof' is not allowed in scripts: reflection",
                ]
            },
            {
                "return Activator.CreateInstance<StringBuilder>();",
                [$"1:8 'System.Activator.CreateInstance<T>()' {Reflection}"]
            },
            {
                "Func<int> f = () => 1; return f.DynamicInvoke();",
                [$"1:33 'System.Delegate.DynamicInvoke(params object[])' {Reflection}"]
            },
            {
                "var c = System.Runtime.Loader.AssemblyLoadContext.Default;",
                [$"1:9 'System.Runtime.Loader.AssemblyLoadContext.Default' {Reflection}"]
            },
            {
                "System.Linq.Expressions.Expression<Func<int>> e = () => 1;",
                [
                    "1:1 'System.Linq.Expressions.Expression<TDelegate>' is not allowed in scripts: expression trees",
                ]
            },
            {
                "return new[] { 1 }.AsQueryable().Count();",
                [
                    "1:20 'System.Linq.Queryable.AsQueryable<TElement>(IEnumerable<TElement>)' is not allowed in scripts: expression trees",
                    "1:34 'System.Linq.Queryable.Count<TSource>(IQueryable<TSource>)' is not allowed in scripts: expression trees",
                ]
            },
            // Processes and the environment
            {
                """System.Diagnostics.Process.Start("sh");""",
                [$"1:1 'System.Diagnostics.Process.Start(string)' {Processes}"]
            },
            {
                "var sw = System.Diagnostics.Stopwatch.StartNew();",
                [$"1:10 'System.Diagnostics.Stopwatch.StartNew()' {Processes}"]
            },
            {
                """return Environment.GetEnvironmentVariable("HOME");""",
                [$"1:8 'System.Environment.GetEnvironmentVariable(string)' {Environment}"]
            },
            { "Environment.Exit(1);", [$"1:1 'System.Environment.Exit(int)' {Environment}"] },
            {
                "return AppContext.BaseDirectory;",
                [$"1:8 'System.AppContext.BaseDirectory' {Environment}"]
            },
            {
                "return AppDomain.CurrentDomain;",
                [$"1:8 'System.AppDomain.CurrentDomain' {Environment}"]
            },
            {
                """Console.WriteLine("hi");""",
                ["1:1 'System.Console.WriteLine(string)' is not allowed in scripts: the console"]
            },
            {
                "GC.Collect();",
                ["1:1 'System.GC.Collect()' is not allowed in scripts: the garbage collector"]
            },
            // Threads, tasks, timers
            {
                "System.Threading.Thread.Sleep(1000);",
                [$"1:1 'System.Threading.Thread.Sleep(int)' {Threads}"]
            },
            {
                "return System.Threading.Tasks.Task.Run(() => 1).Result;",
                [
                    $"1:8 'System.Threading.Tasks.Task.Run<TResult>(Func<TResult>)' {Threads}",
                    $"1:49 'System.Threading.Tasks.Task<TResult>.Result' {Threads}",
                ]
            },
            {
                "System.Threading.Tasks.Parallel.For(0, 10, i => { });",
                [$"1:1 'System.Threading.Tasks.Parallel.For(int, int, Action<int>)' {Threads}"]
            },
            {
                "var t = new System.Timers.Timer(10);",
                ["1:13 'System.Timers.Timer' is not allowed in scripts: timers"]
            },
            {
                "return new[] { 1 }.AsParallel().Sum();",
                [
                    $"1:20 'System.Linq.ParallelEnumerable.AsParallel<TSource>(IEnumerable<TSource>)' {Threads}",
                    $"1:33 'System.Linq.ParallelEnumerable.Sum(ParallelQuery<int>)' {Threads}",
                ]
            },
            {
                "Action a = async () => await System.Threading.Tasks.Task.Yield();",
                [
                    $"1:12 'async' {Threads}",
                    $"1:24 'await' {Threads}",
                    $"1:30 'System.Threading.Tasks.Task.Yield()' {Threads}",
                ]
            },
            { "lock (vars) { }", [$"1:1 'lock' {Threads}"] },
            // Native interop and runtime internals
            {
                "return System.Runtime.InteropServices.Marshal.SizeOf<int>();",
                [$"1:8 'System.Runtime.InteropServices.Marshal.SizeOf<T>()' {Interop}"]
            },
            {
                """
                    [System.Runtime.InteropServices.DllImport("libc")] static extern int getpid();
                    return getpid();
                    """,
                [
                    "1:2 attribute 'System.Runtime.InteropServices.DllImportAttribute' is not allowed in scripts",
                    "1:59 'extern' is not allowed in scripts",
                ]
            },
            {
                "Func<int> f = [Obsolete] () => 1; return f();",
                ["1:16 attribute 'System.ObsoleteAttribute' is not allowed in scripts"]
            },
            {
                "return System.Runtime.CompilerServices.Unsafe.SizeOf<int>();",
                [
                    "1:8 'System.Runtime.CompilerServices.Unsafe.SizeOf<T>()' is not allowed in scripts: runtime internals",
                ]
            },
            // Unsafe code and undocumented keywords
            {
                "unsafe { int x = 1; int* p = &x; return *p; }",
                [
                    $"1:1 {Unsafe}",
                    "1:21 pointer types are not allowed in scripts",
                    "1:30 pointer operations are not allowed in scripts",
                    "1:41 pointer operations are not allowed in scripts",
                ]
            },
            { "unsafe int F() => 1; return F();", [$"1:1 {Unsafe}"] },
            {
                """unsafe { fixed (char* p = "abc") { return p[0]; } }""",
                [
                    $"1:1 {Unsafe}",
                    "1:10 'fixed' is not allowed in scripts",
                    "1:17 pointer types are not allowed in scripts",
                ]
            },
            {
                "unsafe { delegate*<int> f = null; }",
                [$"1:1 {Unsafe}", "1:10 function pointers are not allowed in scripts"]
            },
            {
                "Span<int> s = stackalloc int[4]; return s[0];",
                ["1:15 'stackalloc' is not allowed in scripts"]
            },
            {
                "int x = 1; var r = __makeref(x); return __refvalue(r, int) + (__reftype(r) == null ? 1 : 0);",
                [
                    "1:20 '__makeref' is not allowed in scripts",
                    "1:41 '__refvalue' is not allowed in scripts",
                    "1:63 '__reftype' is not allowed in scripts",
                ]
            },
            { "dynamic d = 1; return d;", ["1:1 'dynamic' is not allowed in scripts"] },
            { "return (dynamic)1;", ["1:9 'dynamic' is not allowed in scripts"] },
            // goto
            {
                """
                    int i = 0;
                    again: i++;
                    if (i < 3) goto again;
                    return i;
                    """,
                [$"3:12 {Goto}"]
            },
            {
                "switch (index) { case 1: goto case 2; case 2: goto default; default: break; }",
                [$"1:26 {Goto}", $"1:47 {Goto}"]
            },
            // Catch clauses that could swallow the engine's limits
            {
                "try { return 1; } catch { return 0; }",
                [
                    "1:19 a catch clause without an exception type is not allowed in scripts: it could catch the engine's limits",
                ]
            },
            {
                "try { return 1; } catch (Exception) { return 0; }",
                [$"1:26 catching 'System.Exception' {CatchesLimits}"]
            },
            {
                "try { return 1; } catch (SystemException e) { return e.Message; }",
                [$"1:26 catching 'System.SystemException' {CatchesLimits}"]
            },
            {
                "try { return 1; } catch (OutOfMemoryException) { return 0; }",
                [$"1:26 catching 'System.OutOfMemoryException' {CatchesLimits}"]
            },
            {
                "try { return 1; } catch (InsufficientExecutionStackException) { return 0; }",
                [$"1:26 catching 'System.InsufficientExecutionStackException' {CatchesLimits}"]
            },
            {
                "try { return 1; } catch (StackOverflowException) { return 0; }",
                [$"1:26 catching 'System.StackOverflowException' {CatchesLimits}"]
            },
            {
                "void F<T>() where T : Exception { try { } catch (T) { } }",
                [$"1:50 catching 'T' {CatchesLimits}"]
            },
            {
                """try { return 1; } catch (FormatException e) when (e.Message != "") { return 0; }""",
                ["1:45 exception filters ('when') are not allowed in scripts"]
            },
            // Directives that compile
            {
                """
                    #pragma warning disable CS0168
                    return 1;
                    """,
                ["1:1 '#pragma' directives are not allowed in scripts"]
            },
            {
                """
                    var a = 1;
                    #line 10
                    return a;
                    """,
                ["2:1 '#line' directives are not allowed in scripts"]
            },
            // Regular expressions without a match timeout
            {
                """return Regex.IsMatch((string)input!, "a+");""",
                [$"1:8 '{Regex}.IsMatch(string, string)' {PassTimeout}"]
            },
            {
                """return System.Text.RegularExpressions.Regex.Replace("a", "a", "b");""",
                [$"1:8 '{Regex}.Replace(string, string, string)' {PassTimeout}"]
            },
            {
                """var r = new Regex("a+"); return r.IsMatch("a");""",
                [$"1:9 'new {Regex}(string)' {PassTimeout}"]
            },
            { """Regex r = new("a"); return r;""", [$"1:11 'new {Regex}(string)' {PassTimeout}"] },
            {
                """Func<string, string, bool> m = Regex.IsMatch; return m("a", "a");""",
                [$"1:32 '{Regex}.IsMatch(string, string)' {PassTimeout}"]
            },
            {
                """var r = new Regex("a", RegexOptions.None, Regex.InfiniteMatchTimeout);""",
                [
                    $"1:43 '{Regex}.InfiniteMatchTimeout' is not allowed in scripts: regular expressions need a finite match timeout",
                ]
            },
            { "Regex.CacheSize = 100;", [$"1:1 '{Regex}.CacheSize' {ProcessState}"] },
            // Process-wide state, and everything not on the list
            {
                """System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");""",
                [$"1:1 'System.Globalization.CultureInfo.CurrentCulture' {ProcessState}"]
            },
            {
                """var c = new System.Globalization.CultureInfo("fr"); int x; (System.Globalization.CultureInfo.CurrentCulture, x) = (c, 1); return x;""",
                [$"1:61 'System.Globalization.CultureInfo.CurrentCulture' {ProcessState}"]
            },
            { """return string.Intern("x");""", [$"1:8 'string.Intern(string)' {ProcessState}"] },
            {
                "return System.Security.Cryptography.SHA256.HashData(new byte[0]);",
                [
                    "1:8 'System.Security.Cryptography.SHA256.HashData(byte[])' is not allowed in scripts: security",
                ]
            },
            {
                "System.Runtime.Serialization.SerializationInfo? s = null;",
                [
                    "1:1 'System.Runtime.Serialization.SerializationInfo' is not allowed in scripts: serialization",
                ]
            },
            {
                "Microsoft.Win32.SafeHandles.SafeFileHandle? h = null;",
                [$"1:1 'Microsoft.Win32.SafeHandles.SafeFileHandle' {Unlisted}"]
            },
            {
                "return new System.Xml.XmlDocument();",
                [$"1:12 'System.Xml.XmlDocument' {Unlisted}"]
            },
            { "return new System.Data.DataTable();", [$"1:12 'System.Data.DataTable' {Unlisted}"] },
            {
                "return input!.ToJsonString(new System.Text.Json.JsonSerializerOptions());",
                [$"1:32 'System.Text.Json.JsonSerializerOptions' {Unlisted}"]
            },
            {
                "return Script.Run(input, vars, outputs, item, index, __guard);",
                [
                    $"1:8 'Script.Run(JsonNode, JsonObject, JsonObject, JsonNode, int, object)' {Unlisted}",
                ]
            },
        };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Forbidden_code_is_reported_where_it_is_used(string code, string[] expected) =>
        AllowlistHarness.Check(code).ShouldBe(expected);

    /// <summary>Forbidden code the compiler refuses too: the check must not depend on that.</summary>
    [Theory]
    [InlineData(
        """
            #r "System.IO.dll"
            return 1;
            """,
        "1:1 '#r' directives are not allowed in scripts"
    )]
    [InlineData(
        """
            var a = 1;
            #load "other.csx"
            return a;
            """,
        "2:1 '#load' directives are not allowed in scripts"
    )]
    [InlineData("return __arglist(1, 2);", "1:8 '__arglist' is not allowed in scripts")]
    public void Forbidden_code_that_does_not_compile_is_reported(string code, string expected) =>
        AllowlistHarness.Check(code, mustCompile: false).ShouldBe([expected]);

    public static TheoryData<string> Allowed =>
        [
            """return (double)input!["amount"]! > 100;""",
            """return new JsonObject { ["key"] = (string?)input!["id"] };""",
            """return input!["lines"]!.AsArray().Sum(l => (double)l!["qty"]!);""",
            """
                var name = (string?)input?["name"] ?? "n/a";
                return $"Hello {name}, you are number {index + 1,3}: {DateTime.UtcNow:yyyy-MM-dd}! {item?["id"]}";
                """,
            """
                var date = DateTime.Parse((string)input!["date"]!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
                return date.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                """,
            """
                var re = new Regex(@"^(\w+)-(\d+)$", RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
                var m = re.Match((string)input!["code"]!);
                var all = re.Matches("a-1 b-2").Select(x => x.Groups[2].Value).ToList();
                var count = 0;
                foreach (var vm in re.EnumerateMatches("a-1")) count += vm.Length;
                return m.Success ? m.Groups[1].Value + all.Count + count + re.Replace("a-1", x => "#" + x.Value) : "";
                """,
            """
                return Regex.IsMatch("abc", "b", RegexOptions.None, TimeSpan.FromSeconds(1))
                    && Regex.Split("a,b", ",", RegexOptions.None, TimeSpan.FromSeconds(1)).Length == 2
                    && Regex.Replace("a b", @"\s+", "_", RegexOptions.None, TimeSpan.FromSeconds(1)) == "a_b"
                    && Regex.Escape(".") == "\\.";
                """,
            """
                var sb = new StringBuilder();
                foreach (var line in input!["lines"]!.AsArray())
                    sb.Append((string?)line!["sku"]).Append(';');
                sb.AppendLine($"{index}");
                sb.Insert(0, "lines: ");
                return sb.ToString().TrimEnd();
                """,
            """
                var totals = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in vars)
                    totals[key] = (double?)value ?? 0;
                var keys = new List<string>(totals.Keys);
                keys.Sort(StringComparer.Ordinal);
                var seen = new HashSet<string> { "a" };
                var queue = new Queue<int>();
                queue.Enqueue(1);
                return string.Join(",", keys) + totals.GetValueOrDefault("x") + seen.Count + queue.Dequeue();
                """,
            """
                var p = new { Name = "x", Qty = 2 };
                var q = p with { Qty = 3 };
                return p.Qty * 2 + q.Name.Length;
                """,
            """
                var (min, max) = (1, 5);
                (int A, string B) t = (1, "b");
                var list = new List<(string Name, int Qty)> { ("a", 1), ("b", 2) };
                foreach (var (n, qty) in list) min += qty;
                var (one, word) = Tuple.Create(1, "x");
                return $"{min}-{max}-{t.A}{t.B}{list.MaxBy(x => x.Qty).Name}{one}{word}{(t is (1, var b) ? b : "")}";
                """,
            """
                static double Round2(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
                int Fact(int n) => n <= 1 ? 1 : n * Fact(n - 1);
                IEnumerable<int> Evens(int n) { for (var i = 0; i < n; i += 2) yield return i; }
                return Round2(1.234) + Fact(5) + Evens(10).Sum();
                """,
            """
                if (input is null)
                    throw new InvalidOperationException("input is required");
                var v = (string?)input["v"] ?? throw new ArgumentNullException("v");
                if (v.Length > 10) throw new ArgumentOutOfRangeException(nameof(v), "too long");
                return v;
                """,
            """
                try { return int.Parse((string)input!["n"]!, System.Globalization.CultureInfo.InvariantCulture); }
                catch (FormatException) { return -1; }
                catch (KeyNotFoundException e) { return e.Message; }
                catch (ArgumentException e) { return e.ParamName; }
                finally { }
                """,
            """
                return input!["orders"]!.AsArray()
                    .Where(o => (string?)o!["status"] == "open")
                    .GroupBy(o => (string)o!["customer"]!)
                    .Select(g => new { Customer = g.Key, Total = g.Sum(o => (decimal)o!["total"]!) })
                    .OrderByDescending(x => x.Total)
                    .ThenBy(x => x.Customer)
                    .First().Customer;
                """,
            """
                var skus = from o in input!["orders"]!.AsArray()
                           let qty = (int)o!["qty"]!
                           where qty > 0
                           orderby (string)o!["sku"]! descending
                           group o by qty into g
                           select new { Qty = g.Key, Count = g.Count() };
                return skus.ToList().Count;
                """,
            """
                var parts = "a,b,c".Split(',');
                int[] numbers = [1, 2, 3];
                return parts[^1] + "abcdef"[1..3] + string.Concat(parts[..2]) + numbers[1..].Length
                    + (numbers is [1, .. var rest] ? rest.Length : 0) + parts.AsSpan(1).Length;
                """,
            """
                var lines = new JsonArray();
                foreach (var l in input!["lines"]!.AsArray())
                    lines.Add(new JsonObject { ["sku"] = l!["sku"]?.DeepClone(), ["qty"] = (int)l["qty"]! * 2 });
                lines.Add(1);
                return new JsonObject { ["lines"] = lines, ["count"] = lines.Count, ["kind"] = input.GetValueKind().ToString(), ["first"] = new JsonArray(1, "a", null) };
                """,
            """
                var n = JsonNode.Parse("{\"a\":[1,2]}")!;
                var a = n["a"]!.AsArray();
                return n.ToJsonString() + a.GetValues<int>().Sum() + n.AsObject().ContainsKey("a")
                    + (n["a"]!.GetValueKind() == System.Text.Json.JsonValueKind.Array) + JsonValue.Create(5).GetValue<int>()
                    + (input is JsonObject { Count: > 0 } o && o.TryGetPropertyValue("x", out var x) ? x?.ToString() : "");
                """,
            """
                return Guid.NewGuid().ToString("N").Length + Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").GetHashCode()
                    + Convert.ToInt32("42") + Convert.ToBase64String(new byte[] { 1, 2 }).Length
                    + Convert.ToDouble("1.5", System.Globalization.CultureInfo.InvariantCulture);
                """,
            """
                var d = DateOnly.FromDateTime(DateTime.UtcNow);
                var t = TimeSpan.FromHours(1.5);
                var at = new TimeOnly(10, 30);
                var day = DateTime.UtcNow.DayOfWeek;
                return DateTimeOffset.UtcNow.Add(t).ToUnixTimeSeconds() > 0 && d.Year > 2000 && at.Hour == 10
                    && DateTime.UtcNow - DateTime.UnixEpoch > TimeSpan.Zero && (day == DayOfWeek.Sunday || Enum.Parse<DayOfWeek>("Monday") != day);
                """,
            """
                return Math.Max(Math.Abs(-3), MathF.Sqrt(16f)) + (double)Math.Round(2.345m, 2) + Math.Clamp(index, 0, 10)
                    + double.Round(1.5) + checked(index * 2) + (int.TryParse("12", out var n) ? n : 0) + sizeof(int);
                """,
            """
                var s = "  Hello World  ".Trim();
                return s.ToUpperInvariant().Replace("WORLD", "there", StringComparison.OrdinalIgnoreCase).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length
                    + string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:N2} {1}", 1234.5, s).Length
                    + string.Join("-", "a", "b", "c").Length + string.Concat("a", "b", "c", "d", "e").Length
                    + (s.StartsWith("he", StringComparison.OrdinalIgnoreCase) ? 1 : 0) + s.IndexOf('o') + s.PadLeft(20, '.').Length
                    + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{1.5:F2}") + FormattableString.Invariant($"{2.5}");
                """,
            """
                int? x = (int?)input?["n"];
                HashSet<string> seen = [];
                List<int> nums = [1, 2, 3];
                int[] more = [.. nums, 4];
                return (x ?? x.GetValueOrDefault(7)) + (seen.Add("a") && more.Contains(4) && nums.Contains(2) ? 1 : 0);
                """,
            """
                var total = (double)input!["amount"]!;
                return total switch { > 1000 => "high", > 100 => "medium", _ => "low" };
                """,
            """
                var n = 0;
                foreach (var c in "abc") n += c;
                foreach (var kv in vars) n += kv.Key.Length;
                foreach (var x in new[] { 1, 2 }) n += x;
                foreach (var pair in new Dictionary<string, int> { ["a"] = 1 }) n += pair.Value;
                var lookup = new[] { "a", "bb", "cc" }.ToLookup(s => s.Length);
                return n + lookup[2].Count() + KeyValuePair.Create("k", 1).Value + (char.IsDigit('1') ? 1 : 0);
                """,
            """
                Func<int, int> twice = x => x * 2;
                Predicate<int> even = x => x % 2 == 0;
                Comparison<int> cmp = (a, b) => b.CompareTo(a);
                var arr = new[] { 3, 1, 2 };
                Array.Sort(arr, cmp);
                Action<string> noop = _ => { };
                noop += noop;
                noop("x");
                return twice(3) + (even(2) ? 1 : 0) + Array.IndexOf(arr, 2) + arr.Reverse().First();
                """,
            """
                var culture = new System.Globalization.CultureInfo("fr-FR");
                var current = System.Globalization.CultureInfo.CurrentCulture.Name;
                return 1234.5.ToString("N2", culture) + current + decimal.Parse("1,5", culture);
                """,
            """
                var e = new Exception("boom", new FormatException("inner"));
                return e.Message + e.InnerException?.Message + new NotSupportedException().Message + new OverflowException().Message;
                """,
            """
                var values = new[] { 1.5, 2.5 };
                var arr = new JsonArray { 1, 2, 3 };
                return values.Average() + values.Min() + values.Distinct().Count() + values.Chunk(1).Count() + values.Zip(values).Count()
                    + arr.Select(x => (int)x!).Where(x => x > 1).Select((x, i) => x * i).ToArray().Length + arr.OfType<JsonValue>().Count()
                    + Enumerable.Range(1, 5).Aggregate((a, b) => a * b);
                """,
            """
                object o = input!;
                return o.ToString() + o.Equals(null) + o.GetHashCode() + new string('x', 3) + "abc".AsSpan().Slice(1).ToString()
                    + string.Compare("a", "B", StringComparison.OrdinalIgnoreCase) + nameof(System.IO.File);
                """,
        ];

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Realistic_mappings_are_allowed(string code) =>
        AllowlistHarness.Check(code).ShouldBeEmpty();
}
