using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Makini.Flows.Engine.Values;

/// <summary>
/// How JSON text the engine and its host write is escaped: text in any language is written as itself (a work
/// order titled "Ölpumpe" reads so in an answer, not "\u00D6lpumpe"), while the characters HTML gives meaning
/// to stay escaped, as System.Text.Json's default does, in case an answer is ever shown as HTML.
/// </summary>
public static class JsonText
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };
}
