using System.Buffers;

namespace Makini.Flows.ScriptHost.Protocol;

/// <summary>A growable byte buffer whose written bytes stay writable (for lengths filled in afterwards).</summary>
internal sealed class FrameBuffer : IBufferWriter<byte>
{
    private byte[] _bytes = new byte[4096];

    public int Count { get; private set; }

    public Span<byte> Written => _bytes.AsSpan(0, Count);

    public void Reset() => Count = 0;

    /// <summary>Drops what was written after the first <paramref name="count"/> bytes.</summary>
    public void Truncate(int count) => Count = Math.Min(Count, count);

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsMemory(Count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(Count);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Count + Math.Max(sizeHint, 256);
        if (needed > _bytes.Length)
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
    }
}
