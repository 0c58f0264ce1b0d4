using System.Buffers.Binary;
using System.Text;

namespace Makini.Flows.ScriptHost.Protocol;

/// <summary>Reads frames written by <see cref="FrameWriter"/>, one at a time, into a reused buffer.</summary>
public sealed class FrameReader(Stream stream)
{
    /// <summary>Largest frame either side accepts: a frame claiming more means a broken peer.</summary>
    public const int MaxFrameBytes = 1 << 30;

    private byte[] _frame = new byte[4096];
    private int _length;
    private int _position;

    /// <summary>Reads the next frame; false when the stream ended (the peer is gone).</summary>
    public bool Next(out FrameKind kind)
    {
        kind = default;
        Span<byte> header = stackalloc byte[4];
        if (!Fill(header))
            return false;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is < 1 or > MaxFrameBytes)
            throw new InvalidDataException($"a frame of {length} bytes");
        if (length > _frame.Length)
            _frame = new byte[Math.Max(length, _frame.Length * 2)];
        if (!Fill(_frame.AsSpan(0, length)))
            return false;
        _length = length;
        _position = 1;
        kind = (FrameKind)_frame[0];
        return true;
    }

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public string? ReadString()
    {
        var length = ReadInt32();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A length-prefixed block, valid until the next frame is read; null when it was written as null.</summary>
    public ReadOnlyMemory<byte>? ReadBytes()
    {
        var length = ReadInt32();
        if (length < 0)
            return null;
        var start = _position;
        Take(length);
        return _frame.AsMemory(start, length);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _length - _position)
            throw new InvalidDataException("a frame ended before its fields");
        var span = _frame.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private bool Fill(Span<byte> target)
    {
        while (!target.IsEmpty)
        {
            var read = stream.Read(target);
            if (read == 0)
                return false;
            target = target[read..];
        }
        return true;
    }
}
