namespace Makini.Flows.Connectors.Mappings;

/// <summary>A custom field of a connection's entity, as <c>GET /api/eam/{entity}/custom-fields</c> lists it.</summary>
/// <param name="Type">string, number, integer, boolean or datetime.</param>
/// <param name="Source">Where its value comes from, in words: a pointer, a constant, a script's language.</param>
public sealed record CustomFieldInfo(string Name, string Type, string Source, string? Description);
