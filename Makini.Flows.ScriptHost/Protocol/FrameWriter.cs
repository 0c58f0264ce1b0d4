using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Makini.Flows.ScriptHost.Protocol;

/// <summary>
/// Builds one frame: a 4-byte little-endian length, the kind, then fields. Strings and byte blocks are
/// length-prefixed (-1 for null). JSON is written straight into the frame, so nothing is copied twice.
/// </summary>
public sealed class FrameWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { SkipValidation = true };
    private readonly FrameBuffer _buffer = new();
    private Utf8JsonWriter? _json;

    public void Begin(FrameKind kind)
    {
        _buffer.Reset();
        _buffer.Advance(4);
        WriteByte((byte)kind);
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    public void WriteNull() => WriteInt32(-1);

    /// <summary>Writes a length-prefixed JSON value produced by <paramref name="write"/>; returns its bytes.</summary>
    public ReadOnlySpan<byte> WriteJson<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var lengthAt = _buffer.Count;
        WriteInt32(0);
        var json = _json ??= new Utf8JsonWriter(_buffer, JsonOptions);
        json.Reset(_buffer);
        write(json, state);
        json.Flush();
        BinaryPrimitives.WriteInt32LittleEndian(
            _buffer.Written.Slice(lengthAt, 4),
            _buffer.Count - lengthAt - 4
        );
        return _buffer.Written[(lengthAt + 4)..];
    }

    /// <summary>Where the frame is now, to <see cref="Rewind"/> to when a value could not be written whole.</summary>
    public int Mark() => _buffer.Count;

    public void Rewind(int mark) => _buffer.Truncate(mark);

    /// <summary>Sends the frame built since <see cref="Begin"/>.</summary>
    public void WriteTo(Stream stream)
    {
        var frame = _buffer.Written;
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - 4);
        stream.Write(frame);
        stream.Flush();
    }
}
