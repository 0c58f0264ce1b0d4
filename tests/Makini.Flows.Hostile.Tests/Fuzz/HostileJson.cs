namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// JSON values that parse but that models, validators and stores trip over, as the text that is sent (some
/// cannot be held by a JsonNode): odd and huge numbers, nulls, empty and enormous strings, control characters,
/// unpaired surrogates, deep nesting, and expressions that are empty, broken or nested too deep.
/// </summary>
public static class HostileJson
{
    public static readonly IReadOnlyList<string> Values =
    [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1.0",
        "1e2",
        "1.5",
        "-1",
        "1e400",
        "-1e400",
        "4.9e-324",
        "1e-400",
        "99999999999999999999999",
        "-9223372036854775809",
        "9223372036854775807",
        "2147483648",
        "\"\"",
        "\" \"",
        "\"\\u0000\"",
        "\"a\\u001fb\\r\\n\\t\"",
        "\"\\ud800\"",
        "\"x\\udc00\\ud800y\"",
        "\"\\ud83d\\ude00\"",
        "\"../../etc/passwd\"",
        "\"http://169.254.169.254/latest/meta-data/\"",
        "\"<script>alert(1)</script>\"",
        "\"{{ input }}\"",
        "\"%ff%00\"",
        "\"" + new string('x', 70_000) + "\"",
        "{}",
        "[]",
        "[null]",
        "[[], {}, null, 1, \"a\"]",
        "{\"\":null}",
        "{\"js\":null}",
        "{\"js\":\"\"}",
        "{\"js\":\"1 +\"}",
        "{\"cs\":\"\"}",
        "{\"cs\":\"input[\"}",
        "{\"literal\":null}",
        "{\"literal\":{\"\\ud800\":1}}",
        "{\"js\":\"" + string.Join("+", Enumerable.Repeat("1", 400)) + "\"}",
        "{\"js\":\"" + new string('(', 500) + "1" + new string(')', 500) + "\"}",
        new string('[', 70) + new string(']', 70),
        new string('[', 3000) + new string(']', 3000),
        string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300),
    ];

    public static readonly IReadOnlyList<string> PropertyNames =
    [
        "",
        "id",
        "type",
        "name",
        "inputs",
        "activities",
        "connections",
        "$schema",
        "__proto__",
        "constructor",
        "a/b~c",
        "\\ud800",
        "\\u0000",
        "ünïcödé",
        new string('k', 5000),
    ];
}
