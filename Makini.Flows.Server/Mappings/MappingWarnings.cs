using Makini.Flows.Connectors.Mappings;

namespace Makini.Flows.Server.Mappings;

/// <summary>A problem that does not stop a mapping from being saved: a source path no stored record has.</summary>
public sealed record MappingWarning(string Pointer, string Message);

public static class MappingWarnings
{
    public static List<MappingWarning> Of(MappingDocument document, SourceFields seen) =>
        [
            .. document
                .SourcePaths()
                .Where(p => !seen.Knows(p.Path))
                .Select(p => new MappingWarning(
                    p.Pointer,
                    $"none of the {seen.Records} most recent stored source records has {p.Path}: the field will be empty unless the system sends it"
                )),
        ];
}
