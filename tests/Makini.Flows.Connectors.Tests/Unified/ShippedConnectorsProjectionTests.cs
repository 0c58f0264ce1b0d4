using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Tests.Manifests;
using Makini.Flows.Connectors.Unified;
using NJsonSchema;

namespace Makini.Flows.Connectors.Tests.Unified;

/// <summary>
/// What a sync stores: every record of every stream of every shipped connector, read from its system, projected with
/// the connector's default mapping, is a valid record of Makini's schema for the entity, with a key.
/// </summary>
public sealed class ShippedConnectorsProjectionTests
{
    private static readonly Dictionary<string, JsonSchema> Schemas =
        UnifiedModel.Entities.ToDictionary(
            e => e.Name,
            e =>
                JsonSchema
                    .FromJsonAsync(UnifiedModel.ValidationSchema(e).ToJsonString())
                    .GetAwaiter()
                    .GetResult()
        );

    public static TheoryData<string> Connectors => new(ShippedSources.ConnectorIds);

    [Fact]
    public void Every_shipped_connector_is_covered()
    {
        Directory
            .GetFiles(RepositoryFolders.Connectors, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Order()
            .ShouldBe(ShippedSources.ConnectorIds);
    }

    [Theory]
    [InlineData("work-orders", """{"key": 5}""")]
    [InlineData("work-orders", """{"key": "1", "tasks": [{"title": 7}]}""")]
    [InlineData("work-orders", """{"key": "1", "dueAt": null}""")]
    [InlineData("assets", """{"key": "1", "isActive": "yes"}""")]
    [InlineData("inventories", """{"key": "1", "quantity": 2.5}""")]
    [InlineData("purchase-orders", """{"key": "1", "shipmentAddress": {"city": 5}}""")]
    public void The_schemas_refuse_what_Makini_would_not_answer(string entity, string record)
    {
        Schemas[entity].Validate(record).ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public async Task Every_record_projects_to_a_valid_unified_record_with_a_key(string connector)
    {
        await using var source = await ShippedSources.Connect(connector);
        var problems = new Problems();
        var deletions = 0;

        foreach (var stream in source.Manifest.Streams)
        {
            var entity = UnifiedModel.Find(stream.Entity).ShouldNotBeNull(stream.Entity);
            var records = await source.ReadAll(
                stream.Entity,
                TestContext.Current.CancellationToken
            );
            records.ShouldNotBeEmpty($"{connector} {stream.Entity}");
            var filled = new HashSet<string>();
            foreach (var record in records)
            {
                var projected = RecordProjection.Project(stream, entity, record);
                var unified = projected.Unified.ToJsonString();
                if (
                    string.IsNullOrEmpty(projected.Key)
                    || (string?)projected.Unified["key"] != projected.Key
                )
                    problems.Add($"{stream.Entity}: key '{projected.Key}'", unified);
                foreach (var field in projected.Unconvertible)
                    problems.Add(
                        $"{stream.Entity}.{field} cannot be converted",
                        record.GetRawText()
                    );
                foreach (var error in Schemas[stream.Entity].Validate(unified))
                    problems.Add($"{stream.Entity}{error.Path} {error.Kind}", unified);
                if (stream.Deleted is { } deleted)
                {
                    var marked =
                        JsonPointers.Find(record, deleted) is
                        { ValueKind: not (JsonValueKind.Null or JsonValueKind.False) };
                    if (marked != projected.DeletedAt.HasValue)
                        problems.Add(
                            $"{stream.Entity}: deleted is {marked}, DeletedAt {projected.DeletedAt}",
                            unified
                        );
                    if (marked)
                        deletions++;
                }
                filled.UnionWith(projected.Unified.Select(p => p.Key));
            }
            // Sources keep deleted records of some entities only: their deleted marker may be in no record.
            foreach (
                var field in stream.Mapping.Keys.Where(f =>
                    !filled.Contains(f) && PathOf(stream.Mapping[f]) != stream.Deleted
                )
            )
                problems.Add($"{stream.Entity}.{field} is in no record", "");
        }

        problems.ShouldBeEmpty();
        if (source.Manifest.Streams.Any(s => s.Deleted is not null))
            deletions.ShouldBeGreaterThan(0, "no deleted record was read");
    }

    private static string? PathOf(JsonNode rule) =>
        rule is JsonValue ? rule.GetValue<string>() : (string?)rule["path"];

    /// <summary>Problems counted by kind, each with the first record that shows it.</summary>
    private sealed class Problems
    {
        private readonly SortedDictionary<string, (int Count, string Example)> _seen = new(
            StringComparer.Ordinal
        );

        public void Add(string problem, string example) =>
            _seen[problem] = _seen.TryGetValue(problem, out var seen)
                ? (seen.Count + 1, seen.Example)
                : (1, example);

        public void ShouldBeEmpty() =>
            _seen.ShouldBeEmpty(
                string.Join(
                    "\n",
                    _seen.Select(p => $"{p.Key} ({p.Value.Count} records), e.g. {p.Value.Example}")
                )
            );
    }
}
