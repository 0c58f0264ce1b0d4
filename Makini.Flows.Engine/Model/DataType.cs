using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Model;

/// <summary>The JSON type of a variable, flow parameter or activity input.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DataType>))]
public enum DataType
{
    [JsonStringEnumMemberName("any")]
    Any,

    [JsonStringEnumMemberName("string")]
    String,

    [JsonStringEnumMemberName("number")]
    Number,

    [JsonStringEnumMemberName("integer")]
    Integer,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    [JsonStringEnumMemberName("object")]
    Object,

    [JsonStringEnumMemberName("array")]
    Array,
}
