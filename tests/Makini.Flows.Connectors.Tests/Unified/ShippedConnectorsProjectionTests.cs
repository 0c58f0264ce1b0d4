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
        var derivedCounts = new Dictionary<string, int>();

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
                foreach (var field in projected.Unconvertible.Where(f => !TypedAsObject(entity, f)))
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
                filled.UnionWith(ItemFields(projected.Unified));
                foreach (var derived in UnifiedModel.DerivedFrom(stream.Entity))
                foreach (var child in DerivedProjection.Project(stream, derived, record, projected))
                {
                    derivedCounts[derived.Name] = derivedCounts.GetValueOrDefault(derived.Name) + 1;
                    var text = child.Unified.ToJsonString();
                    foreach (var error in Schemas[derived.Name].Validate(text))
                        problems.Add($"{derived.Name}{error.Path} {error.Kind}", text);
                    foreach (
                        var field in child.Unconvertible.Where(f => !TypedAsObject(derived, f))
                    )
                        problems.Add($"{derived.Name}.{field} cannot be converted", text);
                    if ((string?)child.Unified["poKey"] != projected.Key)
                        problems.Add($"{derived.Name}: poKey is not its purchase order's", text);
                }
            }
            foreach (var derived in UnifiedModel.DerivedFrom(stream.Entity))
                if (
                    DerivedProjection.Derives(stream, derived)
                    && derivedCounts.GetValueOrDefault(derived.Name) == 0
                )
                    problems.Add($"{derived.Name}: none made from {stream.Entity}", "");
            // Sources keep deleted records of some entities only: their deleted marker may be in no record.
            foreach (
                var field in MappedFields(stream.Mapping, entity, "")
                    .Where(f => !filled.Contains(f.Name) && f.Path != stream.Deleted)
            )
                problems.Add($"{stream.Entity}.{field.Name} is in no record", "");
        }

        problems.ShouldBeEmpty();
        if (source.Manifest.Streams.Any(s => s.Deleted is not null))
            deletions.ShouldBeGreaterThan(0, "no deleted record was read");
    }

    private static string? PathOf(JsonNode rule) =>
        rule is JsonValue ? rule.GetValue<string>() : (string?)rule["path"];

    /// <summary>
    /// The mapped fields, items' fields as <c>lineItems/quantity</c>, but not those Makini types as objects where the
    /// source holds a number (its POLineItem's amounts: they reach the line-items records, where LineItem types them
    /// as text).
    /// </summary>
    private static IEnumerable<(string Name, string? Path)> MappedFields(
        IEnumerable<KeyValuePair<string, JsonNode>> mapping,
        UnifiedEntity? entity,
        string prefix
    )
    {
        foreach (var (name, rule) in mapping)
        {
            var field = entity?.Fields.GetValueOrDefault(name);
            if (prefix.Length > 0 && field?.Type == UnifiedTypes.Object)
                continue;
            yield return (prefix + name, PathOf(rule));
            if (rule is JsonObject { } obj && obj["items"] is JsonObject items)
                foreach (
                    var item in MappedFields(
                        items.Select(i => KeyValuePair.Create(i.Key, i.Value!)),
                        field?.ItemSchema is { } schema ? UnifiedModel.Component(schema) : null,
                        $"{prefix}{name}/"
                    )
                )
                    yield return item;
        }
    }

    /// <summary>The fields with a value in some item of the record's arrays, as <c>lineItems/quantity</c>.</summary>
    private static IEnumerable<string> ItemFields(JsonObject record, string prefix = "") =>
        record.SelectMany(field =>
            field.Value is JsonArray items
                ? items
                    .OfType<JsonObject>()
                    .SelectMany(item =>
                        item.Select(f => $"{prefix}{field.Key}/{f.Key}")
                            .Concat(ItemFields(item, $"{prefix}{field.Key}/"))
                    )
                : []
        );

    /// <summary>
    /// Whether an unconvertible field (<c>quantity</c>, <c>lineItems/0/quantity</c>) is one Makini types as an object
    /// (POLineItem's amounts, LineItem's uomKey): a source's number cannot be one, so it is left out there.
    /// </summary>
    private static bool TypedAsObject(UnifiedEntity entity, string unconvertible)
    {
        var steps = unconvertible.Split('/');
        UnifiedEntity? schema = entity;
        for (var i = 0; i < steps.Length - 1 && schema is not null; i += 2)
            schema = schema.Fields.GetValueOrDefault(steps[i])?.ItemSchema is { } item
                ? UnifiedModel.Component(item)
                : null;
        return schema?.Fields.GetValueOrDefault(steps[^1])?.Type == UnifiedTypes.Object;
    }

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
